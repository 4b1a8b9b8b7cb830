import * as z from "zod";
import { MAX_DESCRIPTION_LENGTH, backupTypes } from "@/lib/backups/limits";
import { idNumberSchema, idParamSchema } from "@/lib/http/ids";

// The dashboard's own backup shapes, shared by the route handlers and the browser. They match
// the provider's field names so a response can be read against its documentation.

export { MANUAL_BACKUP_LIMIT, MAX_DESCRIPTION_LENGTH, backupTypes, type BackupType } from "@/lib/backups/limits";

export const backupSchema = z.object({
  id: z.number().int(),
  server: z.object({ id: z.number().int(), name: z.string() }),
  // Kept as strings: the provider may add types and statuses (e.g. `failed`) that we show as they are.
  backup_type: z.string(),
  status: z.string(),
  size_mb: z.number().nullable(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  description: z.string(),
});
export type Backup = z.infer<typeof backupSchema>;

/** Who did something to a backup through the dashboard (from the audit log), and when (ISO 8601 UTC). */
export const backupActorSchema = z.object({ email: z.string().nullable(), at: z.string() });
export type BackupActor = z.infer<typeof backupActorSchema>;

/**
 * A backup as the list answers it: the provider's fields, plus who created it and who last restored
 * its server from it through the dashboard (null when nobody did, e.g. an automatic backup).
 */
export const listedBackupSchema = backupSchema.extend({
  created_by: backupActorSchema.nullable(),
  restored_by: backupActorSchema.nullable(),
});
export type ListedBackup = z.infer<typeof listedBackupSchema>;

export const backupListSchema = z.object({
  count: z.number().int().nonnegative(),
  results: z.array(listedBackupSchema),
});
export type BackupList = z.infer<typeof backupListSchema>;

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

/** The provider's answer to a create: the new backup (in progress) and its message. */
export const createdBackupSchema = backupSchema.extend({ message: z.string().nullable() });
export type CreatedBackup = z.infer<typeof createdBackupSchema>;

/** What POST /api/backups answers: the provider's answer, with who created it. */
export const createBackupResultSchema = listedBackupSchema.extend({ message: z.string().nullable() });
export type CreateBackupResult = z.infer<typeof createBackupResultSchema>;

export const backupPathSchema = z.strictObject({ backupId: idParamSchema("backupId") });

/** Newest first; the provider does not promise an order. */
export function sortNewestFirst<T extends { id: number; created_at: string }>(backups: T[]): T[] {
  return backups
    .map((backup) => ({ backup, time: Date.parse(backup.created_at) }))
    .sort(
      (a, b) =>
        (Number.isNaN(b.time) ? -Infinity : b.time) - (Number.isNaN(a.time) ? -Infinity : a.time) ||
        b.backup.id - a.backup.id,
    )
    .map(({ backup }) => backup);
}
