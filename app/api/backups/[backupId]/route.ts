import { defineRoute } from "@/lib/api/route";
import { backupPathSchema } from "@/lib/backups/inputs";
import { findBackup } from "@/lib/backups/server/account-backups";
import { deleteBackupOnRecord } from "@/lib/backups/server/delete-on-record";

// DELETE /api/backups/[backupId] – delete a backup, permanently; audited before and after VPS.org is asked; a protected one is refused (409 backup_protected) without asking
export const DELETE = defineRoute(
  { permission: { backup: ["delete"] }, audit: "backup.delete", params: backupPathSchema },
  async ({ store, upstream, session, ip, params }) => {
    const backup = await findBackup(upstream, params.backupId);
    await deleteBackupOnRecord({ store, upstream, session, ip }, params.backupId, backup);
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);
