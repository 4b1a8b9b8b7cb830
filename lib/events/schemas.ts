import * as z from "zod/mini";

// What the account watcher records as events (lib/watcher/changes.ts writes them, GET /api/events
// answers them): the one definition of each shape, parsed by the route before it is sent and checked
// by the browser with the same schema (zod/mini). The query shape is in ./inputs.ts.

export const eventKinds = [
  "backup.started",
  "backup.completed",
  "backup.failed",
  "backup.status_changed",
  "backup.deleted",
  "backup.expired",
  "server.added",
  "server.removed",
  "server.restoring",
  "server.restored",
  "server.status_changed",
] as const;
export type EventKind = (typeof eventKinds)[number];

export const DEFAULT_EVENT_LIMIT = 20;
export const MAX_EVENT_LIMIT = 100;

/** An event's particulars: the backup's type and description, statuses before and after, a size… */
export const eventDetailSchema = z.record(z.string(), z.union([z.string(), z.number(), z.null()]));
export type EventDetail = z.infer<typeof eventDetailSchema>;

export const eventEntrySchema = z.object({
  /** Increasing in the order the watcher wrote them: the cursor `before` pages by. */
  id: z.int(),
  /** ISO 8601 UTC: when the watcher saw it (or the dashboard made it). */
  at: z.string(),
  // A string, not the enum: an event written by a newer instance is still shown.
  kind: z.string(),
  server: z.nullable(z.object({ id: z.int(), name: z.string() })),
  backup_id: z.nullable(z.int()),
  /** Who did it, when it was done through the dashboard. */
  actor_email: z.nullable(z.string()),
  detail: eventDetailSchema,
});
export type EventEntry = z.infer<typeof eventEntrySchema>;

export const eventPageSchema = z.object({
  count: z.int().check(z.nonnegative()),
  /** Newest first. */
  results: z.array(eventEntrySchema),
  /** The `before` of the next (older) page; null when this page is the last. */
  next_before: z.nullable(z.int()),
});
export type EventPage = z.infer<typeof eventPageSchema>;
