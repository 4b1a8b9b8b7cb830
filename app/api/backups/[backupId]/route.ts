import { ApiError } from "@/lib/http/server/api-error";
import { defineRoute, json } from "@/lib/api/route";
import { backupPathSchema } from "@/lib/backups/inputs";
import { listedBackupSchema } from "@/lib/backups/schemas";
import { listedBackup } from "@/lib/backups/server/load-backup-list";
import { findBackup } from "@/lib/backups/server/account-backups";
import { deleteBackupOnRecord } from "@/lib/backups/server/delete-on-record";

// GET /api/backups/[backupId] – one backup as the list has it (from the watcher's picture), so a script can wait for `completed`
export const GET = defineRoute(
  { permission: { backup: ["list"] }, params: backupPathSchema },
  async ({ store, upstream, params }) => {
    const backup = await listedBackup(store, upstream, params.backupId);
    if (!backup) {
      throw new ApiError(
        "not_found",
        `There is no backup ${params.backupId} in the account (it may have been deleted, or expired at VPS.org).`,
      );
    }
    return json(listedBackupSchema, backup);
  },
);

// DELETE /api/backups/[backupId] – delete a backup, permanently; audited before and after VPS.org is asked; a protected one is refused (409 backup_protected) without asking
export const DELETE = defineRoute(
  { permission: { backup: ["delete"] }, audit: "backup.delete", params: backupPathSchema },
  async ({ store, upstream, session, ip, params }) => {
    const backup = await findBackup(upstream, params.backupId);
    await deleteBackupOnRecord({ store, upstream, session, ip }, params.backupId, backup);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);
