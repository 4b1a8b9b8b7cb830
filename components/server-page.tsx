"use client";

import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { BackupStatusBadge } from "@/components/backup-status-badge";
import { QueryErrorAlert } from "@/components/error-alert";
import { HistoryChart } from "@/components/history-chart";
import { Icon } from "@/components/icons";
import { ServerStatusBadge } from "@/components/server-status-badge";
import { useBackups } from "@/lib/backups/client/get-backups";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import { formatDateTime, formatSize } from "@/lib/backups/format";
import { describeEvent, eventTone } from "@/lib/events/event-sentence";
import { useServerHistory } from "@/lib/servers/client/get-server-history";
import { useServers } from "@/lib/servers/client/get-servers";
import { formatDuration, formatTimeTick } from "@/lib/servers/history-format";
import type { HistoryPoint, HistoryRestore, ServerHistory } from "@/lib/servers/history-schemas";
import { durationSeries, sizeSeries } from "@/lib/servers/history-series";

// The page of one server (/servers/{id}): its status and details, its current backups, its
// backups' sizes and durations over time (vanished ones too), its restores and its events. The
// actions stay on the backups page, filtered to this server, where their dialogs are.

/** The windows offered: a month, a quarter, a year. */
const HISTORY_WINDOWS = [30, 90, 365] as const;

const DAY_MS = 86_400_000;
const box = "rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";
const muted = "text-zinc-600 dark:text-zinc-400";
const sectionHeading = "text-lg font-semibold";
const link =
  "font-medium text-blue-700 underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-blue-600 dark:text-blue-300";

/** formatSize's units: MB below 1,000 MB, GB below 1,000 GB, then TB. */
const sizeTickUnit = (maxMb: number) => (maxMb >= 1000 * 1024 ? 1024 * 1024 : maxMb >= 1000 ? 1024 : 1);

/** formatDuration's units: seconds, minutes from 60 s, hours from an hour. */
const durationTickUnit = (maxS: number) => (maxS >= 3600 ? 3600 : maxS >= 60 ? 60 : 1);

const TONE_DOT = {
  failure: "bg-red-600 dark:bg-red-400",
  success: "bg-emerald-600 dark:bg-emerald-400",
  neutral: "bg-zinc-400 dark:bg-zinc-500",
} as const;

interface ServerPageProps {
  serverId: number;
  days: number;
  /**
   * The server's backup health and freshness policy (lib/backup-health, built separately): its
   * section is shown only when given.
   */
  health?: ReactNode;
}

export function ServerPage({ serverId, days, health }: ServerPageProps) {
  const t = useTranslations("ServerPage");
  const history = useServerHistory(serverId, days);
  const servers = useServers();
  // The live server (status while it restores) from the servers list; the history's copy until it loads.
  const server = servers.data?.results.find((candidate) => candidate.id === serverId) ?? history.data?.server ?? null;
  const name = server?.name ?? history.data?.server_name ?? `#${serverId}`;

  return (
    <div className="space-y-10">
      <div className="space-y-2">
        <p className="text-sm">
          <Link href="/" className={link}>
            {t("backToBackups")}
          </Link>
        </p>
        <div className="flex flex-wrap items-center gap-3">
          <h1 className="min-w-0 break-all text-2xl font-semibold tracking-tight">{t("title", { name })}</h1>
          {server ? <ServerStatusBadge status={server.status} /> : null}
        </div>
        <p className={`text-sm ${muted}`}>{t("intro")}</p>
      </div>

      <section aria-labelledby="details-heading" className="space-y-4">
        <h2 id="details-heading" className={sectionHeading}>
          {t("detailsHeading")}
        </h2>
        {history.data && !history.data.server && !servers.data?.results.some((s) => s.id === serverId) ? (
          <p role="note" className={`px-4 py-3 text-sm ${box}`}>
            {t("notListed")}
          </p>
        ) : null}
        {server ? <ServerDetails server={server} /> : null}
        <p className="text-sm">
          <Link href={`/?server_id=${serverId}`} className={link}>
            {t("manageBackups", { name })}
          </Link>
        </p>
      </section>

      {/* Its backup health and freshness policy (lib/backup-health), when the page is given them. */}
      {health ? (
        <section aria-labelledby="health-heading" className="space-y-4">
          <h2 id="health-heading" className={sectionHeading}>
            {t("healthHeading")}
          </h2>
          {health}
        </section>
      ) : null}

      <CurrentBackups serverId={serverId} />

      <section aria-labelledby="history-heading" className="space-y-6">
        <div className="flex flex-wrap items-baseline justify-between gap-3">
          <h2 id="history-heading" className={sectionHeading}>
            {t("historyHeading")}
          </h2>
          <nav aria-label={t("windowLabel")} className="flex gap-1 text-sm">
            {HISTORY_WINDOWS.map((window) => (
              <Link
                key={window}
                href={`/servers/${serverId}?days=${window}`}
                aria-current={window === days ? "page" : undefined}
                className={`rounded-md px-2.5 py-1 ${
                  window === days
                    ? "bg-zinc-200/70 font-semibold dark:bg-zinc-800"
                    : "text-blue-700 hover:bg-zinc-100 dark:text-blue-300 dark:hover:bg-zinc-800"
                }`}
              >
                {t("windowDays", { days: window })}
              </Link>
            ))}
          </nav>
        </div>
        <p className={`text-sm ${muted}`}>{t("historyIntro", { days })}</p>
        {history.data ? (
          <HistoryFigures history={history.data} />
        ) : history.isError ? (
          <QueryErrorAlert title={t("historyLoadFailed")} query={history} />
        ) : (
          <div role="status" className={`h-64 animate-pulse ${box}`}>
            <span className="sr-only">{t("loading")}</span>
          </div>
        )}
      </section>

      {history.data ? <Restores restores={history.data.restores} days={days} /> : null}
      {history.data ? <ServerEvents history={history.data} /> : null}
    </div>
  );
}

function ServerDetails({ server }: { server: NonNullable<ServerHistory["server"]> }) {
  const t = useTranslations("ServerPage");
  const rows: [string, string | null][] = [
    [t("hostname"), server.hostname],
    [t("ipAddress"), server.ip_address],
    [t("location"), server.location],
    [t("plan"), server.plan],
    [t("os"), server.os],
  ];
  return (
    <dl className={`grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 p-4 text-sm sm:grid-cols-[auto_1fr_auto_1fr] ${box}`}>
      <dt className={muted}>{t("status")}</dt>
      <dd>
        <ServerStatusBadge status={server.status} />
      </dd>
      <dt className={muted}>{t("serverId")}</dt>
      <dd className="tabular-nums">{server.id}</dd>
      {rows.map(([label, value]) => (
        <div key={label} className="contents">
          <dt className={muted}>{label}</dt>
          <dd className="break-all">{value ?? <span className={muted}>{t("unknown")}</span>}</dd>
        </div>
      ))}
    </dl>
  );
}

function CurrentBackups({ serverId }: { serverId: number }) {
  const t = useTranslations("ServerPage");
  const tTable = useTranslations("BackupTable");
  const backups = useBackups({ server_id: serverId });
  const { timeZone, locale } = useDisplayFormat();
  const rows = backups.data?.results ?? [];
  return (
    <section aria-labelledby="current-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h2 id="current-heading" className={sectionHeading}>
          {t("currentHeading")}
        </h2>
        {backups.data ? <p className={`text-sm ${muted}`}>{t("currentCount", { count: rows.length })}</p> : null}
      </div>
      {backups.data ? (
        rows.length > 0 ? (
          <div className={`overflow-x-auto ${box}`}>
            <table aria-labelledby="current-heading" className="w-full text-sm">
              <thead>
                <tr className={`text-left text-xs uppercase tracking-wide ${muted}`}>
                  {[
                    tTable("columnType"),
                    tTable("columnStatus"),
                    tTable("columnSize"),
                    tTable("columnCreated"),
                    tTable("columnExpires"),
                    tTable("columnDescription"),
                  ].map((column) => (
                    <th key={column} scope="col" className="px-3 py-2.5 font-medium">
                      {column}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
                {rows.map((backup) => (
                  <tr key={backup.id}>
                    <td className="px-3 py-2.5">
                      <span className="inline-block first-letter:uppercase">
                        {tTable("type", { type: backup.backup_type })}
                      </span>
                    </td>
                    <td className="px-3 py-2.5">
                      <BackupStatusBadge status={backup.status} />
                    </td>
                    <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">{formatSize(backup.size_mb, locale)}</td>
                    <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">
                      <time dateTime={backup.created_at}>{formatDateTime(backup.created_at, timeZone)}</time>
                    </td>
                    <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">
                      {backup.expires_at === null ? (
                        <span className={muted}>{t("noExpiry")}</span>
                      ) : (
                        <time dateTime={backup.expires_at}>{formatDateTime(backup.expires_at, timeZone)}</time>
                      )}
                    </td>
                    <td className="px-3 py-2.5 break-words">
                      {backup.description || <span className={`italic ${muted}`}>{tTable("noDescription")}</span>}
                      {backup.protected_by ? (
                        <span className={`mt-1 flex items-center gap-1 text-xs ${muted}`}>
                          <Icon name="lock" className="size-3.5 shrink-0" />
                          <span>
                            {tTable.rich("protectedBy", {
                              who: backup.protected_by.email,
                              at: formatDateTime(backup.protected_by.at, timeZone),
                              time: (chunks) => <time dateTime={backup.protected_by!.at}>{chunks}</time>,
                            })}
                          </span>
                        </span>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p className={`px-4 py-6 text-center text-sm ${muted} ${box}`}>{t("currentEmpty")}</p>
        )
      ) : backups.isError ? (
        <QueryErrorAlert title={t("currentLoadFailed")} query={backups} />
      ) : (
        <div role="status" className={`h-24 animate-pulse ${box}`}>
          <span className="sr-only">{t("loading")}</span>
        </div>
      )}
    </section>
  );
}

/** `deleted 2026-11-30 10:00 by lan@example.com`, `expired 2026-11-30 10:00`, or `listed`. */
function useWhereabouts() {
  const t = useTranslations("ServerPage");
  const { timeZone } = useDisplayFormat();
  return (point: HistoryPoint) =>
    point.vanished_at === null
      ? t("listed")
      : t("vanished", {
          reason: point.vanish_reason ?? "other",
          at: formatDateTime(point.vanished_at, timeZone),
          withActor: point.deleted_by ? "yes" : "no",
          actor: point.deleted_by ?? "",
        });
}

function HistoryFigures({ history }: { history: ServerHistory }) {
  const t = useTranslations("ServerPage");
  const { timeZone, locale } = useDisplayFormat();
  const whereabouts = useWhereabouts();
  const from = Date.parse(history.since);
  const to = from + history.days * DAY_MS;
  const sizes = sizeSeries(history.points);
  const durations = durationSeries(history.points);
  const backupLabel = (point: HistoryPoint) =>
    t("backupLabel", {
      id: String(point.backup_id),
      withDescription: point.description.trim() ? "yes" : "no",
      description: point.description,
    });
  const created = (point: HistoryPoint) => (
    <time dateTime={point.created_at} className="whitespace-nowrap">
      {formatDateTime(point.created_at, timeZone)}
    </time>
  );
  const legend = (
    <>
      <span className="inline-flex items-center gap-1.5">
        <span aria-hidden="true" className="size-2.5 rounded-full bg-blue-600 dark:bg-blue-400" />
        {t("legendListed")}
      </span>
      <span className="inline-flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="size-2.5 rounded-full border-[1.5px] border-zinc-500 dark:border-zinc-400"
        />
        {t("legendVanished")}
      </span>
    </>
  );
  const formatX = (time: number, span: number) => formatTimeTick(time, span, locale, timeZone);
  const vanished = ({ point }: { point: HistoryPoint }) => point.vanished_at !== null;

  return (
    <div className="grid gap-8 xl:grid-cols-2">
      <HistoryChart
        id="size-chart"
        title={t("sizeTitle")}
        summary={t("sizeSummary", { count: sizes.length, days: history.days })}
        series={sizes}
        from={from}
        to={to}
        formatY={(value) => formatSize(value, locale)}
        tickUnit={sizeTickUnit}
        formatX={formatX}
        describe={({ point }) =>
          `${backupLabel(point)} · ${formatDateTime(point.created_at, timeZone)} · ${formatSize(point.size_mb, locale)} · ${whereabouts(point)}`
        }
        hollow={vanished}
        legend={legend}
        empty={t("sizeEmpty")}
        table={{
          columns: [t("columnBackup"), t("columnCreated"), t("columnSize"), t("columnAtProvider")],
          rows: sizes.map(({ point }) => ({
            key: point.backup_id,
            cells: [backupLabel(point), created(point), formatSize(point.size_mb, locale), whereabouts(point)],
          })),
        }}
      />
      <HistoryChart
        id="duration-chart"
        title={t("durationTitle")}
        summary={t("durationSummary", { count: durations.length, days: history.days })}
        series={durations}
        from={from}
        to={to}
        formatY={(value) => formatDuration(value, locale)}
        tickUnit={durationTickUnit}
        formatX={formatX}
        describe={({ point }) =>
          `${backupLabel(point)} · ${formatDateTime(point.created_at, timeZone)} · ${formatDuration(point.duration_s, locale)}`
        }
        hollow={vanished}
        legend={
          <>
            {legend}
            <span>{t("durationNote")}</span>
          </>
        }
        empty={t("durationEmpty")}
        table={{
          columns: [t("columnBackup"), t("columnCreated"), t("columnCompleted"), t("columnDuration")],
          rows: durations.map(({ point }) => ({
            key: point.backup_id,
            cells: [
              backupLabel(point),
              created(point),
              point.completed_at ? (
                <time dateTime={point.completed_at} className="whitespace-nowrap">
                  {formatDateTime(point.completed_at, timeZone)}
                </time>
              ) : null,
              formatDuration(point.duration_s, locale),
            ],
          })),
        }}
      />
    </div>
  );
}

function Restores({ restores, days }: { restores: readonly HistoryRestore[]; days: number }) {
  const t = useTranslations("ServerPage");
  const tAudit = useTranslations("Audit");
  const { timeZone } = useDisplayFormat();
  return (
    <section aria-labelledby="restores-heading" className="space-y-4">
      <h2 id="restores-heading" className={sectionHeading}>
        {t("restoresHeading")}
      </h2>
      {restores.length === 0 ? (
        <p className={`px-4 py-6 text-center text-sm ${muted} ${box}`}>{t("restoresEmpty", { days })}</p>
      ) : (
        <div className={`overflow-x-auto ${box}`}>
          <table aria-labelledby="restores-heading" className="w-full text-sm">
            <thead>
              <tr className={`text-left text-xs uppercase tracking-wide ${muted}`}>
                {[t("columnWhen"), t("columnWho"), t("columnBackup"), tAudit("outcome")].map((column) => (
                  <th key={column} scope="col" className="px-3 py-2.5 font-medium">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
              {restores.map((restore) => (
                <tr key={restore.id}>
                  <td className="px-3 py-2.5 whitespace-nowrap tabular-nums">
                    <time dateTime={restore.at}>{formatDateTime(restore.at, timeZone)}</time>
                  </td>
                  <td className="px-3 py-2.5 break-all">{restore.actor_email ?? t("unknownUser")}</td>
                  <td className="px-3 py-2.5 tabular-nums">
                    {restore.backup_id === null ? "—" : t("backupNumber", { id: String(restore.backup_id) })}
                  </td>
                  <td className="px-3 py-2.5">
                    <span className="font-medium">
                      {restore.outcome === "pending" ? t("outcomePending") : tAudit(`outcomes.${restore.outcome}`)}
                    </span>
                    {restore.error ? (
                      <span className={`block text-xs ${muted}`}>
                        {restore.error.code}: {restore.error.message}
                      </span>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ServerEvents({ history }: { history: ServerHistory }) {
  const t = useTranslations("ServerPage");
  // The sentences are the activity panel's own ("Activity" messages, `event.*`).
  const tActivity = useTranslations("Activity");
  const { timeZone, locale } = useDisplayFormat();
  return (
    <section aria-labelledby="events-heading" className="space-y-4">
      <h2 id="events-heading" className={sectionHeading}>
        {t("eventsHeading")}
      </h2>
      {history.events.length === 0 ? (
        <p className={`px-4 py-6 text-center text-sm ${muted} ${box}`}>{t("eventsEmpty", { days: history.days })}</p>
      ) : (
        <ol className={`divide-y divide-zinc-200 dark:divide-zinc-800 ${box}`}>
          {history.events.map((event) => (
            <li
              key={event.id}
              className="flex flex-col gap-1 px-4 py-2.5 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4"
            >
              <p className="flex min-w-0 items-start gap-2">
                <span
                  aria-hidden="true"
                  className={`mt-1.5 size-2 shrink-0 rounded-full ${TONE_DOT[eventTone(event.kind)]}`}
                />
                <span className="min-w-0 break-words">{describeEvent(event, tActivity, locale)}</span>
              </p>
              <time dateTime={event.at} className={`shrink-0 pl-4 text-xs tabular-nums sm:pl-0 ${muted}`}>
                {formatDateTime(event.at, timeZone)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
