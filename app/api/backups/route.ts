import { idempotent } from "@/lib/api/idempotency";
import { defineRoute, json, revalidatableJson } from "@/lib/api/route";
import { backupFiltersSchema, backupListSchema, createBackupInputSchema, createdBackupSchema } from "@/lib/backups/schemas";
import { createBackup } from "@/lib/vpsorg/create-backup";
import { listBackups } from "@/lib/vpsorg/list-backups";
import { vpsorg } from "@/lib/vpsorg/server";

// GET /api/backups?server_id=&backup_type= – every backup, all pages merged, newest first; ETag / 304
export const GET = defineRoute({ query: backupFiltersSchema }, async ({ request, query }) => {
  const results = await listBackups(vpsorg(), query);
  return revalidatableJson(request, backupListSchema, { count: results.length, results });
});

// POST /api/backups – start a manual backup, once per Idempotency-Key
export const POST = defineRoute({ body: createBackupInputSchema }, async ({ request, body }) =>
  idempotent(request, "POST /api/backups", body, async () => {
    const created = await createBackup(vpsorg(), body);
    return json(createdBackupSchema, created, { status: 201 });
  }),
);
