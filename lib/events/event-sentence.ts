import { formatSize } from "@/lib/backups/format";
import type { EventDetail, EventEntry } from "@/lib/events/schemas";

// How an event reads in the activity panel: one sentence a person understands without knowing the
// event kinds. Every word of it is here, in one place (a later issue moves them into the message
// catalogs). Provider strings (names, descriptions, statuses) are kept as they are: the panel renders
// text, never markup.

const STATUS_WORDS: Record<string, string> = { in_progress: "in progress" };

const text = (detail: EventDetail, key: string): string | null => {
  const value = detail[key];
  return typeof value === "string" && value.trim() !== "" ? value : null;
};
const number = (detail: EventDetail, key: string): number | null => {
  const value = detail[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};
const status = (value: string | null): string => (value === null ? "unknown" : (STATUS_WORDS[value] ?? value));

/** `Backup #123 "nightly" on web-1`, `Automatic backup #7 on db-1`. */
function backupName(event: EventEntry): string {
  const kind = text(event.detail, "backup_type") === "automatic" ? "Automatic backup" : "Backup";
  const id = event.backup_id === null ? "" : ` #${event.backup_id}`;
  const description = text(event.detail, "description");
  const server = event.server ? ` on ${event.server.name}` : "";
  return `${kind}${id}${description === null ? "" : ` "${description}"`}${server}`;
}

function sentence(event: EventEntry, locale: string | undefined): string {
  const { detail } = event;
  const server = event.server?.name ?? "A server";
  const from = text(detail, "from");
  const to = text(detail, "to");
  switch (event.kind) {
    case "backup.started":
      return `${backupName(event)} started`;
    case "backup.completed": {
      const size = number(detail, "size_mb");
      return `${backupName(event)} completed${size === null ? "" : `, ${formatSize(size, locale)}`}`;
    }
    case "backup.failed":
      return `${backupName(event)} failed`;
    case "backup.status_changed":
      return `${backupName(event)} went from ${status(from)} to ${status(to)}`;
    case "backup.deleted":
      return detail.by === "elsewhere"
        ? `${backupName(event)} deleted outside the dashboard`
        : `${backupName(event)} deleted`;
    case "backup.expired":
      return `${backupName(event)} expired`;
    case "server.added": {
      const now = text(detail, "status");
      return `Server ${server} added${now === null ? "" : ` (${status(now)})`}`;
    }
    case "server.removed":
      return `Server ${server} removed`;
    case "server.restoring": {
      const backupId = number(detail, "backup_id");
      return `${server} restoring${backupId === null ? "" : ` from backup #${backupId}`}`;
    }
    case "server.restored":
      return to === null || to === "active" ? `${server} restored` : `${server} restored, now ${status(to)}`;
    case "server.status_changed":
      return `${server} went from ${status(from)} to ${status(to)}`;
    default:
      // A kind this page does not know yet (written by a newer instance): said as it is.
      return `${event.kind}${event.server ? ` on ${event.server.name}` : ""}`;
  }
}

/**
 * The event as one line: `Backup #123 "nightly" on web-1 completed, 2.3 GB`,
 * `web-1 restoring from backup #12 — by lan@example.com`.
 */
export function describeEvent(event: EventEntry, locale?: string): string {
  const line = sentence(event, locale);
  return event.actor_email ? `${line} — by ${event.actor_email}` : line;
}

/** How the line is marked: a failure, something finished well, or news. */
export function eventTone(kind: string): "failure" | "success" | "neutral" {
  if (kind === "backup.failed") return "failure";
  if (kind === "backup.completed" || kind === "server.restored") return "success";
  return "neutral";
}
