import * as z from "zod/mini";

// The dashboard's backup shapes as /api answers them: the one definition of each, for the route
// handlers (which parse what they send through it) and for the browser (which checks what it
// receives with it). zod/mini keeps the browser's share small. Field names match the provider's, so an
// answer reads against its documentation; the request shapes are in ./inputs.ts.

export const backupSchema = z.object({
  id: z.int(),
  server: z.object({ id: z.int(), name: z.string() }),
  // Kept as strings: the provider may add types and statuses (e.g. `failed`) that we show as they are.
  backup_type: z.string(),
  status: z.string(),
  size_mb: z.nullable(z.number()),
  created_at: z.string(),
  expires_at: z.nullable(z.string()),
  description: z.string(),
});
export type Backup = z.infer<typeof backupSchema>;

/** Who did something to a backup through the dashboard (from the audit log), and when (ISO 8601 UTC). */
export const backupActorSchema = z.object({
  email: z.nullable(z.string()),
  at: z.string(),
  /** Made by a schedule (`email` set it up): its id and name. */
  schedule: z.optional(z.nullable(z.object({ id: z.string(), name: z.string() }))),
});
export type BackupActor = z.infer<typeof backupActorSchema>;

/**
 * A backup as the list answers it: the provider's fields, plus who created it and who last restored
 * its server from it through the dashboard (null when nobody did, e.g. an automatic backup).
 */
export const listedBackupSchema = z.extend(backupSchema, {
  created_by: z.nullable(backupActorSchema),
  restored_by: z.nullable(backupActorSchema),
  /** Protected in the dashboard (by whom, since when): it refuses to delete it. VPS.org does not know of it. */
  protected_by: z.optional(z.nullable(z.object({ email: z.string(), at: z.string() }))),
});
export type ListedBackup = z.infer<typeof listedBackupSchema>;

/**
 * How fresh a list is: the lists answer from the account watcher's picture in the store. `snapshot_at`
 * is when VPS.org last confirmed it (null when the answer was read from VPS.org just now, with no
 * watcher); `error` is the latest poll's failure, with since when, while it lasts — the list beside it
 * is the last good picture.
 */
export const pictureFreshnessShape = {
  snapshot_at: z.nullable(z.string()),
  error: z.nullable(z.object({ code: z.string(), message: z.string(), since: z.string() })),
};
export interface PictureFreshness {
  snapshot_at: string | null;
  error: { code: string; message: string; since: string } | null;
}

export const backupListSchema = z.object({
  count: z.int().check(z.nonnegative()),
  results: z.array(listedBackupSchema),
  ...pictureFreshnessShape,
});
export type BackupList = z.infer<typeof backupListSchema>;

/** The provider's answer to a create, reshaped: the new backup (in progress) and its message. */
export const createdBackupSchema = z.extend(backupSchema, { message: z.nullable(z.string()) });
export type CreatedBackup = z.infer<typeof createdBackupSchema>;

/** What POST /api/backups answers: the provider's answer, with who created it. */
export const createBackupResultSchema = z.extend(listedBackupSchema, { message: z.nullable(z.string()) });
export type CreateBackupResult = z.infer<typeof createBackupResultSchema>;

/** What PUT /api/backups/{id}/protection answers: the backup's protection after it. */
export const protectionStateSchema = z.object({
  backup_id: z.int(),
  protected: z.boolean(),
  protected_by: z.nullable(z.object({ email: z.string(), at: z.string() })),
});
export type ProtectionState = z.infer<typeof protectionStateSchema>;

/**
 * How one backup of a bulk delete went: `deleted`; `refused` by the dashboard's own rule before
 * VPS.org was asked (`backup_protected`); or `failed`, with the error envelope's code and message
 * (VPS.org's `not_found`, a provider failure, or not sent because an earlier one said to stop).
 */
export const bulkDeleteItemSchema = z.object({
  backup_id: z.int(),
  outcome: z.enum(["deleted", "refused", "failed"]),
  code: z.optional(z.string()),
  message: z.optional(z.string()),
});
export type BulkDeleteItem = z.infer<typeof bulkDeleteItemSchema>;

/** What POST /api/backups/bulk-delete answers: one result per backup asked for, in the order asked. */
export const bulkDeleteResultSchema = z.object({ results: z.array(bulkDeleteItemSchema) });
export type BulkDeleteResult = z.infer<typeof bulkDeleteResultSchema>;
