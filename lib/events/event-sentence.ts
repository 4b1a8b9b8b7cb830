import { formatSize } from "@/lib/backups/format";
import type { EventDetail, EventEntry } from "@/lib/events/schemas";

// How an event reads in the activity panel: one sentence a person understands without knowing the
// event kinds. The words are the "Activity" messages of the catalogs (messages/*.json, `event.*`),
// so each language orders the sentence its own way. Provider strings (names, descriptions,
// statuses) are kept as they are: the panel renders text, never markup.

/** The "Activity" messages the sentences are made of. */
type EventMessageKey = `event.${
  | "backup"
  | "someServer"
  | "status"
  | "backupStarted"
  | "backupCompleted"
  | "backupFailed"
  | "backupStatusChanged"
  | "backupDeleted"
  | "backupDeletedElsewhere"
  | "backupExpired"
  | "serverAdded"
  | "serverRemoved"
  | "serverRestoring"
  | "serverRestored"
  | "serverRestoredNow"
  | "serverStatusChanged"
  | "unknownKind"
  | "byActor"}`;

/** next-intl's translator for the "Activity" namespace (`useTranslations("Activity")`). */
export type EventTranslator = (key: EventMessageKey, values?: Record<string, string>) => string;

const text = (detail: EventDetail, key: string): string | null => {
  const value = detail[key];
  return typeof value === "string" && value.trim() !== "" ? value : null;
};
const number = (detail: EventDetail, key: string): number | null => {
  const value = detail[key];
  return typeof value === "number" && Number.isFinite(value) ? value : null;
};
/** A status in words: the ones the catalog knows, else as the provider says it. */
const status = (t: EventTranslator, value: string | null): string => t("event.status", { status: value ?? "unknown" });
const yes = (present: boolean) => (present ? "yes" : "no");

/** `Backup #123 "nightly" on web-1`, `Automatic backup #7 on db-1`. */
function backupName(t: EventTranslator, event: EventEntry): string {
  const description = text(event.detail, "description");
  return t("event.backup", {
    type: text(event.detail, "backup_type") === "automatic" ? "automatic" : "other",
    withId: yes(event.backup_id !== null),
    id: event.backup_id === null ? "" : String(event.backup_id),
    withDescription: yes(description !== null),
    description: description ?? "",
    withServer: yes(event.server !== null),
    server: event.server?.name ?? "",
  });
}

function sentence(event: EventEntry, t: EventTranslator, locale: string | undefined): string {
  const { detail } = event;
  const server = event.server?.name ?? t("event.someServer");
  const from = text(detail, "from");
  const to = text(detail, "to");
  switch (event.kind) {
    case "backup.started":
      return t("event.backupStarted", { backup: backupName(t, event) });
    case "backup.completed": {
      const size = number(detail, "size_mb");
      return t("event.backupCompleted", {
        backup: backupName(t, event),
        withSize: yes(size !== null),
        size: size === null ? "" : formatSize(size, locale),
      });
    }
    case "backup.failed":
      return t("event.backupFailed", { backup: backupName(t, event) });
    case "backup.status_changed":
      return t("event.backupStatusChanged", {
        backup: backupName(t, event),
        from: status(t, from),
        to: status(t, to),
      });
    case "backup.deleted":
      return detail.by === "elsewhere"
        ? t("event.backupDeletedElsewhere", { backup: backupName(t, event) })
        : t("event.backupDeleted", { backup: backupName(t, event) });
    case "backup.expired":
      return t("event.backupExpired", { backup: backupName(t, event) });
    case "server.added": {
      const now = text(detail, "status");
      return t("event.serverAdded", { server, withStatus: yes(now !== null), status: status(t, now) });
    }
    case "server.removed":
      return t("event.serverRemoved", { server });
    case "server.restoring": {
      const backupId = number(detail, "backup_id");
      return t("event.serverRestoring", {
        server,
        withBackup: yes(backupId !== null),
        backupId: backupId === null ? "" : String(backupId),
      });
    }
    case "server.restored":
      return to === null || to === "active"
        ? t("event.serverRestored", { server })
        : t("event.serverRestoredNow", { server, status: status(t, to) });
    case "server.status_changed":
      return t("event.serverStatusChanged", { server, from: status(t, from), to: status(t, to) });
    default:
      // A kind this page does not know yet (written by a newer instance): said as it is.
      return t("event.unknownKind", {
        kind: event.kind,
        withServer: yes(event.server !== null),
        server: event.server?.name ?? "",
      });
  }
}

/**
 * The event as one line: `Backup #123 "nightly" on web-1 completed, 2.3 GB`,
 * `web-1 restoring from backup #12 — by lan@example.com`. `t`: the "Activity" translator;
 * `locale`: the one numbers are formatted in (the active language).
 */
export function describeEvent(event: EventEntry, t: EventTranslator, locale?: string): string {
  const line = sentence(event, t, locale);
  return event.actor_email ? t("event.byActor", { line, actor: event.actor_email }) : line;
}

/** How the line is marked: a failure, something finished well, or news. */
export function eventTone(kind: string): "failure" | "success" | "neutral" {
  if (kind === "backup.failed") return "failure";
  if (kind === "backup.completed" || kind === "server.restored") return "success";
  return "neutral";
}
