import { defineRoute, json } from "@/lib/api/route";
import { backupFiltersSchema, backupListSchema, createBackupInputSchema, createdBackupSchema } from "@/lib/backups/schemas";
import { createBackup } from "@/lib/vpsorg/create-backup";
import { listBackups } from "@/lib/vpsorg/list-backups";
import { vpsorg } from "@/lib/vpsorg/server";

// GET /api/backups?server_id=&backup_type= – every backup, all pages merged, newest first
export const GET = defineRoute({ query: backupFiltersSchema }, async ({ query }) => {
  const results = await listBackups(vpsorg(), query);
  return json(backupListSchema, { count: results.length, results });
});

// POST /api/backups – start a manual backup
export const POST = defineRoute({ body: createBackupInputSchema }, async ({ body }) => {
  const created = await createBackup(vpsorg(), body);
  return json(createdBackupSchema, created, { status: 201 });
});
