import * as z from "zod/mini";

// Backup schedules as /api/schedules answers them: the one definition of each shape, parsed by the
// route handlers before they answer and checked by the browser with the same schema (zod/mini). The
// request shapes are in ./inputs.ts; the store and the runs in ./server/.

/** Each server of a run: `pending` while VPS.org is asked, `started` while the backup runs. */
export const runServerStates = ["pending", "started", "completed", "failed", "skipped"] as const;
export type RunServerState = (typeof runServerStates)[number];

/**
 * Why a server's run was skipped or failed: `in_progress` (this schedule's previous backup of it still
 * runs), `quota_full` (10 manual backups and none of this schedule's may go), `server_missing` (not in
 * the account now), `provider_error` (VPS.org refused or failed: the reason says how), `backup_failed`
 * (VPS.org reports the backup failed), `vanished` (the backup disappeared before it completed),
 * `interrupted` (the dashboard stopped while asking VPS.org, and no backup of it was found: not asked again).
 */
export const runReasonCodes = [
  "in_progress",
  "quota_full",
  "server_missing",
  "provider_error",
  "backup_failed",
  "vanished",
  "interrupted",
] as const;
export type RunReasonCode = (typeof runReasonCodes)[number];

export const runServerSchema = z.object({
  server: z.object({ id: z.int(), name: z.nullable(z.string()) }),
  state: z.enum(runServerStates),
  backup_id: z.nullable(z.int()),
  description: z.nullable(z.string()),
  reason_code: z.nullable(z.string()),
  /** In English, for people; the page words it from `reason_code` in the reader's language. */
  reason: z.nullable(z.string()),
  started_at: z.string(),
  finished_at: z.nullable(z.string()),
  /** Backups retention deleted after this one completed. */
  deleted_backup_ids: z.array(z.int()),
});
export type RunServer = z.infer<typeof runServerSchema>;

export const scheduleRunSchema = z.object({
  id: z.int(),
  /** ISO 8601 UTC: the due time this run is for. */
  due_at: z.string(),
  started_at: z.string(),
  /** Due times missed while the dashboard was down, covered by this run. */
  missed: z.int(),
  servers: z.array(runServerSchema),
});
export type ScheduleRun = z.infer<typeof scheduleRunSchema>;

export const scheduleSchema = z.object({
  id: z.int(),
  name: z.string(),
  cron: z.string(),
  timezone: z.string(),
  /** Every server of the account, including ones added later (then `server_ids` is empty). */
  all_servers: z.boolean(),
  server_ids: z.array(z.int()),
  description_template: z.string(),
  keep_last: z.int(),
  enabled: z.boolean(),
  created_by: z.object({ email: z.string(), at: z.string() }),
  updated_at: z.string(),
  /** The next five due times (ISO 8601 UTC); empty while paused. */
  next_runs: z.array(z.string()),
  last_run: z.nullable(scheduleRunSchema),
});
export type Schedule = z.infer<typeof scheduleSchema>;

export const scheduleListSchema = z.object({
  schedules: z.array(scheduleSchema),
  /** A new schedule's time zone unless it names one: the dashboard server's. */
  default_timezone: z.string(),
  /** Whether a sixth, leading seconds field is accepted (SCHEDULES_ALLOW_SECONDS: tests and demos). */
  seconds_allowed: z.boolean(),
});
export type ScheduleList = z.infer<typeof scheduleListSchema>;

export const scheduleRunListSchema = z.object({ runs: z.array(scheduleRunSchema) });
export type ScheduleRunList = z.infer<typeof scheduleRunListSchema>;

/** A backup as the retention preview shows it. */
export const previewBackupSchema = z.object({
  id: z.int(),
  status: z.string(),
  created_at: z.string(),
  description: z.string(),
  size_mb: z.nullable(z.number()),
});
export type PreviewBackup = z.infer<typeof previewBackupSchema>;

/** What the next run would do on one server. */
export const serverPreviewSchema = z.object({
  server: z.object({ id: z.int(), name: z.string() }),
  /** Manual backups on the server now (VPS.org keeps at most 10). */
  manual_count: z.int(),
  /** This schedule's completed backups that stay (the next run's backup makes `keep_last`). */
  keep: z.array(previewBackupSchema),
  /** This schedule's backups retention deletes once the next run's backup has completed. */
  delete: z.array(previewBackupSchema),
  /** One of this schedule's backups deleted before the run, to free a slot under the quota. */
  make_room: z.nullable(previewBackupSchema),
  /** Backups retention never touches: made by people, by other schedules, or protected. */
  untouched: z.object({ by_people: z.int(), by_other_schedules: z.int(), protected: z.int() }),
  /** Why the run would fail on this server (e.g. `quota_full`), or null. */
  blocked: z.nullable(z.object({ code: z.string(), message: z.string() })),
});
export type ServerPreview = z.infer<typeof serverPreviewSchema>;

export const schedulePreviewSchema = z.object({
  next_runs: z.array(z.string()),
  /** The description the next run would give its first server's backup. */
  description_example: z.string(),
  servers: z.array(serverPreviewSchema),
  /** False while the watcher has no picture of the account yet: `servers` is empty then. */
  picture: z.boolean(),
});
export type SchedulePreview = z.infer<typeof schedulePreviewSchema>;
