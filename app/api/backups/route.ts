import { audited } from "@/lib/api/audited";
import { idempotent } from "@/lib/api/idempotency";
import { defineRoute, json, revalidatableJson } from "@/lib/api/route";
import {
  backupFiltersSchema,
  backupListSchema,
  createBackupInputSchema,
  createBackupResultSchema,
} from "@/lib/backups/schemas";
import { loadBackupList } from "@/lib/backups/load-backup-list";
import { getStore } from "@/lib/db/store";
import { createBackup } from "@/lib/vpsorg/create-backup";
import { vpsorg } from "@/lib/vpsorg/server";

// GET /api/backups?server_id=&backup_type= – every backup, all pages merged, newest first, with who created or restored it here; ETag / 304
export const GET = defineRoute(
  { permission: { backup: ["list"] }, query: backupFiltersSchema },
  async ({ request, query }) => {
    return revalidatableJson(request, backupListSchema, await loadBackupList(query));
  },
);

// POST /api/backups – start a manual backup, once per Idempotency-Key (per user); audited before and after VPS.org is asked
export const POST = defineRoute(
  { permission: { backup: ["create"] }, body: createBackupInputSchema },
  async ({ request, session, ip, body }) =>
    idempotent(request, `POST /api/backups by ${session.user.id}`, body, async () => {
      const created = await audited(
        {
          store: await getStore(),
          session,
          ip,
          action: "backup.create",
          target: { serverId: body.server_id, description: body.description },
          learned: (backup) => ({ serverName: backup.server.name, backupId: backup.id }),
          done: "The backup was started",
        },
        () => createBackup(vpsorg(), body),
      );
      const result = {
        ...created,
        created_by: { email: session.user.email, at: new Date().toISOString() },
        restored_by: null,
      };
      return json(createBackupResultSchema, result, { status: 201 });
    }),
);
