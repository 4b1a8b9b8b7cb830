import { idempotencyStore, idempotent } from "@/lib/api/idempotency";
import { defineRoute, json } from "@/lib/api/route";
import { bulkDeleteInputSchema } from "@/lib/backups/inputs";
import { bulkDeleteResultSchema } from "@/lib/backups/schemas";
import { bulkDeleteOnRecord } from "@/lib/backups/server/delete-on-record";

// POST /api/backups/bulk-delete – delete up to 100 backups ({backup_ids}), one after another, each audited as its own backup.delete; answers each one's outcome (deleted, refused when protected, failed with the error's code and message); once per Idempotency-Key
export const POST = defineRoute(
  { permission: { backup: ["delete"] }, audit: "backup.delete", body: bulkDeleteInputSchema },
  async ({ request, store, upstream, session, ip, body }) =>
    idempotent(
      request,
      `POST /api/backups/bulk-delete by ${session.user.id}`,
      body,
      async () =>
        json(bulkDeleteResultSchema, await bulkDeleteOnRecord({ store, upstream, session, ip }, body.backup_ids)),
      {
        store: idempotencyStore(store),
        // An interrupted bulk delete is not sent again: what it did is in the audit log and the list.
        checkBeforeRetrying: "Check the backups list and the audit log before deleting the rest with a new key.",
      },
    ),
);
