// Bounds of a schedule, shared by its request shapes and the page's form.

export const MAX_KEEP_LAST = 10;
export const DEFAULT_KEEP_LAST = 7;
export const MAX_SERVERS_PER_SCHEDULE = 100;
export const MAX_TEMPLATE_LENGTH = 200;
export const DEFAULT_DESCRIPTION_TEMPLATE = "{schedule} {date}";
/** The placeholders a description template may use. */
export const TEMPLATE_PLACEHOLDERS = ["{schedule}", "{server}", "{date}", "{time}"] as const;
/** VPS.org's manual backups per server. */
export const MANUAL_BACKUP_QUOTA = 10;
