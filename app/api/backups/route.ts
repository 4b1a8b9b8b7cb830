import { idempotencyStore, idempotent } from "@/lib/api/idempotency";
import { defineRoute, json, revalidatableJson } from "@/lib/api/route";
import { backupFiltersSchema, createBackupInputSchema } from "@/lib/backups/inputs";
import { backupListSchema, createBackupResultSchema } from "@/lib/backups/schemas";
import { createAuditSpec, createResult, recoverInterruptedCreate } from "@/lib/backups/server/create-backup-once";
import { loadBackupList } from "@/lib/backups/server/load-backup-list";
import { startBackup } from "@/lib/backups/server/start-backup";
import { foldAfterChange } from "@/lib/watcher/snapshot";

// GET /api/backups?server_id=&backup_type= – every backup, newest first, with who created or restored it here, from the watcher's picture (snapshot_at, error); ETag / 304
export const GET = defineRoute(
  { permission: { backup: ["list"] }, query: backupFiltersSchema },
  async ({ request, store, upstream, query }) =>
    revalidatableJson(request, backupListSchema, await loadBackupList(store, upstream, query)),
);

// POST /api/backups – start a manual backup, once per Idempotency-Key (per user, on every instance); audited before and after VPS.org is asked
export const POST = defineRoute(
  { permission: { backup: ["create"] }, audit: "backup.create", body: createBackupInputSchema },
  async ({ request, store, upstream, session, ip, audited, body }) =>
    idempotent(
      request,
      `POST /api/backups by ${session.user.id}`,
      body,
      async () => {
        const created = await audited(createAuditSpec(body), () => startBackup(upstream, body));
        await foldAfterChange(store.db, { kind: "created", backup: created, actorEmail: session.user.email });
        return json(createBackupResultSchema, createResult(created, { store, session, ip }, new Date()), {
          status: 201,
        });
      },
      {
        store: idempotencyStore(store),
        // A create whose instance died is not sent again: the backup it made is looked for in the
        // watcher's next picture (or VPS.org's list without a watcher), and its attempt reconciled.
        recover: async (startedAt) => {
          const found = await recoverInterruptedCreate({ store, session, ip }, upstream, body, startedAt);
          return found && json(createBackupResultSchema, found, { status: 201 });
        },
        checkBeforeRetrying: "Check the backups list before creating it again with a new key.",
      },
    ),
);
