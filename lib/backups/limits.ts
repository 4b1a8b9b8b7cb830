// The provider's rules as plain values, free of zod, so browser code can import them without
// pulling the schemas (and zod's full build) into the page's bundle.

export const backupTypes = ["manual", "automatic"] as const;
export type BackupType = (typeof backupTypes)[number];

export const MAX_DESCRIPTION_LENGTH = 255;
export const MANUAL_BACKUP_LIMIT = 10;
/** The most backups one bulk delete takes (POST /api/backups/bulk-delete). */
export const MAX_BULK_DELETE = 100;
