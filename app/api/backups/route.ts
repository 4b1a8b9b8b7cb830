import { idempotent } from "@/lib/api/idempotency";
import { defineRoute, json, revalidatableJson } from "@/lib/api/route";
import { backupFiltersSchema, createBackupInputSchema } from "@/lib/backups/inputs";
import { backupListSchema, createBackupResultSchema } from "@/lib/backups/schemas";
import { loadBackupList } from "@/lib/backups/server/load-backup-list";
import { startBackup } from "@/lib/backups/server/start-backup";

// GET /api/backups?server_id=&backup_type= – every backup, all pages merged, newest first, with who created or restored it here; ETag / 304
export const GET = defineRoute(
  { permission: { backup: ["list"] }, query: backupFiltersSchema },
  async ({ request, store, upstream, query }) =>
    revalidatableJson(request, backupListSchema, await loadBackupList(store, upstream, query)),
);

// POST /api/backups – start a manual backup, once per Idempotency-Key (per user); audited before and after VPS.org is asked
export const POST = defineRoute(
  { permission: { backup: ["create"] }, audit: "backup.create", body: createBackupInputSchema },
  async ({ request, upstream, session, audited, body }) =>
    idempotent(request, `POST /api/backups by ${session.user.id}`, body, async () => {
      const created = await audited(
        {
          action: "backup.create",
          target: { serverId: body.server_id, description: body.description },
          learned: (backup) => ({ serverName: backup.server.name, backupId: backup.id }),
          done: "The backup was started",
        },
        () => startBackup(upstream, body),
      );
      const result = {
        ...created,
        created_by: { email: session.user.email, at: new Date().toISOString() },
        restored_by: null,
      };
      return json(createBackupResultSchema, result, { status: 201 });
    }),
);
