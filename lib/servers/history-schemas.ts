import * as z from "zod/mini";
import { eventEntrySchema } from "@/lib/events/schemas";
import { serverSchema } from "@/lib/servers/schemas";

// GET /api/servers/{serverId}/history: one server's backups as the watcher's history keeps them
// (vanished ones too, past the provider's retention), its restores through the dashboard (the audit
// log) and its events. The one definition, parsed by the route before it is sent and checked by the
// browser with the same schema (zod/mini). Kept apart from ./schemas.ts so the backups page, which
// imports that file, carries none of this.

export const DEFAULT_HISTORY_DAYS = 90;
/** HISTORY_DAYS' own ceiling: nothing older is kept. */
export const MAX_HISTORY_DAYS = 3650;
/** The server's latest events in the window, at most this many. */
export const MAX_HISTORY_EVENTS = 200;

export const vanishReasons = ["deleted", "deleted_elsewhere", "expired"] as const;

export const historyPointSchema = z.object({
  backup_id: z.int(),
  backup_type: z.string(),
  description: z.string(),
  /** The latest status the watcher saw. */
  status: z.string(),
  size_mb: z.nullable(z.number()),
  /** ISO 8601 UTC: when VPS.org says it was made. */
  created_at: z.string(),
  /** ISO 8601 UTC: the first poll that saw it completed (null: never seen completing, e.g. done before the first poll). */
  completed_at: z.nullable(z.string()),
  /** completed_at − created_at in seconds, to within one poll; null without completed_at. */
  duration_s: z.nullable(z.number()),
  /** ISO 8601 UTC: when it was no longer listed; null while VPS.org still lists it. */
  vanished_at: z.nullable(z.string()),
  vanish_reason: z.nullable(z.string()),
  deleted_by: z.nullable(z.string()),
});
export type HistoryPoint = z.infer<typeof historyPointSchema>;

/** A restore of this server asked through the dashboard: its attempt entry and the outcome that settled it. */
export const historyRestoreSchema = z.object({
  /** The attempt's audit entry id. */
  id: z.int(),
  /** ISO 8601 UTC: when it was asked. */
  at: z.string(),
  actor_email: z.nullable(z.string()),
  backup_id: z.nullable(z.int()),
  /** `pending` while no outcome is written yet. */
  outcome: z.enum(["pending", "success", "failure", "reconciled", "unknown"]),
  /** ISO 8601 UTC: when the outcome was written. */
  settled_at: z.nullable(z.string()),
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
});
export type HistoryRestore = z.infer<typeof historyRestoreSchema>;

export const serverHistorySchema = z.object({
  /** The server in the watcher's picture; null once VPS.org no longer lists it (its history stays). */
  server: z.nullable(serverSchema),
  server_id: z.int(),
  /** The name it had, from the picture or else the latest in its history. */
  server_name: z.string(),
  days: z.int().check(z.positive()),
  /** ISO 8601 UTC: the window's start (now − days). */
  since: z.string(),
  /** Oldest first, by created_at. */
  points: z.array(historyPointSchema),
  /** Newest first. */
  restores: z.array(historyRestoreSchema),
  /** Newest first, at most MAX_HISTORY_EVENTS. */
  events: z.array(eventEntrySchema),
});
export type ServerHistory = z.infer<typeof serverHistorySchema>;
