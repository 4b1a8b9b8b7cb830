import "server-only";
import { createTranslator } from "next-intl";
import type { ChannelLocale, NotificationKind } from "@/lib/notifications/kinds";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

// What a notification says, in its channel's language (messages/*.json, "Notifications.messages"):
// a title, the facts (server, backup, when), a line or two of detail and the link back to the
// dashboard. The senders (./senders.ts) shape it for a webhook, Slack and email.

export interface StoredNotification {
  id: string;
  kind: NotificationKind;
  /** ISO 8601 UTC. */
  at: string;
  serverId: number | null;
  serverName: string | null;
  backupId: number | null;
  detail: Record<string, unknown>;
  path: string;
}

export interface RenderedNotification {
  title: string;
  /** Label and value pairs: server, backup, when. */
  facts: { label: string; value: string }[];
  lines: string[];
  link: string;
  linkLabel: string;
  subject: string;
}

const catalogs = { en, vi } as const;

/** "2026-12-05 10:04 UTC": the same for every reader, whatever their zone. */
export function formatUtc(iso: string | null | undefined): string {
  if (!iso || Number.isNaN(Date.parse(iso))) return "—";
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

const text = (value: unknown): string => (typeof value === "string" ? value : value == null ? "" : String(value));

export function renderNotification(
  n: StoredNotification,
  locale: ChannelLocale,
  baseUrl: string,
): RenderedNotification {
  const t = createTranslator({ locale, messages: catalogs[locale], namespace: "Notifications.messages" });
  const server = n.serverName ?? (n.serverId !== null ? `#${n.serverId}` : "");
  const d = n.detail;
  const reminder = d.reminder === true ? "yes" : "no";
  let title: string;
  const lines: string[] = [];
  switch (n.kind) {
    case "backup.failed":
      title = t("backupFailed", { server, backup: String(n.backupId ?? "") });
      if (text(d.description)) lines.push(t("description", { description: text(d.description) }));
      break;
    case "restore.finished":
      title = t("restoreFinished", { server });
      break;
    case "restore.failed":
      title = t("restoreFailed", { server, status: text(d.status) || "?" });
      break;
    case "quota.near":
      title = t("quotaNear", { server, count: Number(d.count ?? 9) });
      break;
    case "quota.full":
      title = t("quotaFull", { server });
      break;
    case "provider.down":
      title = t("providerDown", { since: formatUtc(text(d.since)) });
      if (text(d.message)) lines.push(t("reason", { reason: text(d.message) }));
      break;
    case "provider.recovered":
      title = t("providerRecovered", { since: formatUtc(text(d.since)) });
      break;
    case "server.late":
      title = t("serverLate", { server, hours: Number(d.late_after_hours ?? 0), reminder });
      lines.push(t("latestCompleted", { at: formatUtc(text(d.latest_completed_at)) }));
      break;
    case "server.never":
      title = t("serverNever", { server, reminder });
      break;
    case "health.report": {
      const servers = Array.isArray(d.servers) ? (d.servers as Record<string, unknown>[]) : [];
      title = t("healthReport", { count: servers.length });
      for (const entry of servers)
        lines.push(
          entry.state === "never"
            ? t("healthNever", { server: text(entry.name) })
            : t("healthLate", { server: text(entry.name), at: formatUtc(text(entry.latest_completed_at)) }),
        );
      break;
    }
    case "schedule.failed":
      title = t("scheduleFailed", { server, schedule: text(d.schedule) });
      if (text(d.reason)) lines.push(t("reason", { reason: text(d.reason) }));
      break;
    case "test":
      title = t("test");
      lines.push(t("testBody"));
      break;
  }
  const facts: RenderedNotification["facts"] = [];
  if (server) facts.push({ label: t("serverLabel"), value: server });
  if (n.backupId !== null) facts.push({ label: t("backupLabel"), value: `#${n.backupId}` });
  facts.push({ label: t("whenLabel"), value: formatUtc(n.at) });
  return {
    title,
    facts,
    lines,
    link: `${baseUrl.replace(/\/+$/, "")}${n.path.startsWith("/") ? n.path : `/${n.path}`}`,
    linkLabel: t("open"),
    subject: t("subject", { title }),
  };
}
