import * as z from "zod";
import { MAX_DESCRIPTION_LENGTH, backupTypes } from "@/lib/backups/limits";
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
