import * as z from "zod";
import { MAX_BULK_DELETE, MAX_DESCRIPTION_LENGTH, backupTypes } from "@/lib/backups/limits";
import { idNumberSchema, idParamSchema } from "@/lib/http/ids";

// What the backup routes accept (path, query, body): the one definition of each request shape. The
// route handlers parse with these (full zod, for its messages); the browser imports only their types,
// so none of this reaches its bundle.

export const backupFiltersSchema = z.strictObject({
  server_id: idParamSchema("server_id").optional(),
  backup_type: z.enum(backupTypes, { error: "backup_type must be manual or automatic" }).optional(),
});
export type BackupFilters = z.infer<typeof backupFiltersSchema>;

export const createBackupInputSchema = z.strictObject({
  server_id: idNumberSchema("server_id"),
  description: z
    .string({ error: "description must be text" })
    .max(MAX_DESCRIPTION_LENGTH, { error: `description must be at most ${MAX_DESCRIPTION_LENGTH} characters` })
    .optional(),
});
export type CreateBackupInput = z.infer<typeof createBackupInputSchema>;

export const backupPathSchema = z.strictObject({ backupId: idParamSchema("backupId") });

export const protectionInputSchema = z.strictObject({
  protected: z.boolean({ error: "protected must be true or false" }),
});
export type ProtectionInput = z.infer<typeof protectionInputSchema>;

/** POST /api/backups/bulk-delete: 1 to 100 backups, each once. */
export const bulkDeleteInputSchema = z.strictObject({
  backup_ids: z
    .array(idNumberSchema("each backup id"), {
      error: (issue) =>
        issue.input === undefined ? "backup_ids is required" : "backup_ids must be a list of backup ids",
    })
    .min(1, { error: "backup_ids must name at least one backup" })
    .max(MAX_BULK_DELETE, {
      error: `backup_ids may name at most ${MAX_BULK_DELETE} backups at once; send the rest in another request`,
    })
    .superRefine((ids, context) => {
      const seen = new Set<number>();
      const repeated = new Set<number>();
      for (const id of ids) (seen.has(id) ? repeated : seen).add(id);
      if (repeated.size > 0)
        context.addIssue({
          code: "custom",
          message: `backup_ids names ${[...repeated].join(", ")} more than once; name each backup once`,
        });
    }),
});
export type BulkDeleteInput = z.infer<typeof bulkDeleteInputSchema>;
