"use client";

import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { ServerStatusBadge } from "@/components/server-status-badge";
import { HealthSummary } from "@/components/health-summary";
import { buttonStyles } from "@/components/styles";
import { formatDateTime, formatRelative, formatSize } from "@/lib/backups/format";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import type { ServerBackupSummary, ServerEntry } from "@/lib/backups/server-summary";
import { denialReasonId } from "@/lib/auth/denials";
import type { ServerHealth } from "@/lib/backup-health/schemas";

const COLLAPSED_COUNT = 9;

interface ServerOverviewProps {
  servers: readonly ServerEntry[];
  summaries: ReadonlyMap<number, ServerBackupSummary>;
  /** False until the unfiltered backups list has loaded: the counts are unknown until then. */
  backupsKnown: boolean;
  now: number;
  /** Why the role may not create backups, or null when it may. */
  createDenied: string | null;
  onBackUp: (serverId: number) => void;
}

/** One card per server: its status and its backup health. */
export function ServerOverview({ servers, summaries, backupsKnown, now, createDenied, onBackUp }: ServerOverviewProps) {
  const t = useTranslations("ServerOverview");
  const [expanded, setExpanded] = useState(false);
  const shown = expanded ? servers : servers.slice(0, COLLAPSED_COUNT);
  return (
    <div>
      <ul className="grid gap-3 sm:grid-cols-2 xl:grid-cols-3">
        {shown.map((server) => (
          <li key={server.id}>
            <ServerCard
              server={server}
              summary={summaries.get(server.id)}
              backupsKnown={backupsKnown}
              now={now}
              createDenied={createDenied}
              onBackUp={onBackUp}
            />
          </li>
        ))}
      </ul>
      {servers.length > COLLAPSED_COUNT ? (
        <button
          type="button"
          className={`${buttonStyles.secondary} mt-3`}
          aria-expanded={expanded}
          onClick={() => setExpanded((value) => !value)}
        >
          {expanded ? t("showFewer") : t("showAll", { count: servers.length })}
        </button>
      ) : null}
    </div>
  );
}

interface ServerCardProps {
  server: ServerEntry;
  summary: ServerBackupSummary | undefined;
  backupsKnown: boolean;
  now: number;
  createDenied: string | null;
  onBackUp: (serverId: number) => void;
}

function ServerCard({ server, summary, backupsKnown, now, createDenied, onBackUp }: ServerCardProps) {
  const t = useTranslations("ServerOverview");
  const { timeZone, locale } = useDisplayFormat();
  const headingId = `server-${server.id}-name`;
  const quotaId = `server-${server.id}-quota`;
  const used = summary?.manualCount ?? 0;
  const limit = summary?.manualLimit ?? 10;
  const full = summary?.quotaFull ?? false;
  const percent = Math.min(100, Math.round((used / limit) * 100));

  return (
    <article
      aria-labelledby={headingId}
      className="flex h-full flex-col gap-3 rounded-xl border border-zinc-200 bg-white p-4 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex items-start justify-between gap-3">
        <h3 id={headingId} className="min-w-0 break-all font-semibold">
          <Link href={`/servers/${server.id}`} className="underline-offset-2 hover:underline focus-visible:underline">
            {server.name}
          </Link>
        </h3>
        <ServerStatusBadge status={server.status} />
      </div>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {server.health ? <HealthRow health={server.health} now={now} /> : null}
        <dt className="text-zinc-600 dark:text-zinc-400">{t("manualBackups")}</dt>
        <dd className="flex items-center justify-end gap-2 tabular-nums">
          {backupsKnown ? (
            <>
              <span aria-hidden="true" className="h-1.5 w-16 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-700">
                <span
                  className={`block h-full rounded-full ${full ? "bg-red-600 dark:bg-red-400" : "bg-blue-600 dark:bg-blue-400"}`}
                  style={{ width: `${percent}%` }}
                />
              </span>
              <span>
                {used}/{limit}
              </span>
            </>
          ) : (
            "…"
          )}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t("lastCompleted")}</dt>
        <dd className="text-right">
          {!backupsKnown ? (
            "…"
          ) : summary?.lastCompleted ? (
            <>
              <time dateTime={summary.lastCompleted.created_at} className="tabular-nums">
                {formatDateTime(summary.lastCompleted.created_at, timeZone)}
              </time>
              <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                {formatRelative(summary.lastCompleted.created_at, now, locale)}
              </span>
            </>
          ) : (
            <span className="text-zinc-600 dark:text-zinc-400">{t("noneYet")}</span>
          )}
        </dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t("totalSize")}</dt>
        <dd className="text-right tabular-nums">
          {backupsKnown
            ? t("totalSizeValue", {
                size: formatSize(summary?.totalSizeMb ?? 0, locale),
                count: summary?.backupCount ?? 0,
              })
            : "…"}
        </dd>
      </dl>
      <div className="mt-auto flex flex-col gap-1.5">
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={!backupsKnown || full || createDenied !== null}
          aria-describedby={
            [createDenied ? denialReasonId("create") : null, full ? quotaId : null].filter(Boolean).join(" ") ||
            undefined
          }
          title={createDenied ?? undefined}
          onClick={() => onBackUp(server.id)}
        >
          {t("backUpNow")}
        </button>
        {full ? (
          <p id={quotaId} className="text-xs text-red-800 dark:text-red-300">
            {t("quotaFull", { used, limit })}
          </p>
        ) : null}
      </div>
    </article>
  );
}

/** The server's backup health and why (lib/backup-health), as the servers list answers it. */
function HealthRow({ health, now }: { health: ServerHealth; now: number }) {
  const t = useTranslations("Health");
  return (
    <>
      <dt className="text-zinc-600 dark:text-zinc-400">{t("heading")}</dt>
      <dd className="text-right">
        <HealthSummary health={health} now={now} />
      </dd>
    </>
  );
}
