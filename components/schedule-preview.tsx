"use client";

import { useTranslations } from "next-intl";
import { useId } from "react";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import { cronHasSeconds, formatDueTime } from "@/lib/schedules/due-time";
import { formatDateTime } from "@/lib/backups/format";
import {
  runReasonCodes,
  type PreviewBackup,
  type RunReasonCode,
  type SchedulePreview,
  type ServerPreview,
} from "@/lib/schedules/schemas";

type SchedulesT = ReturnType<typeof useTranslations<"Schedules">>;

/** The next five due times, each in the schedule's zone and in the viewer's. */
export function NextRunTimes({ runs, timezone, cron }: { runs: readonly string[]; timezone: string; cron: string }) {
  const t = useTranslations("Schedules");
  const { timeZone: viewerZone } = useDisplayFormat();
  const headingId = useId();
  const seconds = cronHasSeconds(cron);
  return (
    <div>
      <h4 id={headingId} className="text-sm font-semibold">
        {t("nextRunsHeading")}
      </h4>
      {runs.length === 0 ? (
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("noNextRuns")}</p>
      ) : (
        <ol aria-labelledby={headingId} className="mt-1 space-y-0.5 text-sm tabular-nums">
          {runs.map((iso) => (
            <li key={iso}>
              <time dateTime={iso}>
                {t("dueTimeIn", { time: formatDueTime(iso, timezone, seconds), zone: timezone })}
              </time>
              <span className="text-zinc-600 dark:text-zinc-400">
                {" · "}
                {t("dueTimeYours", { time: formatDueTime(iso, viewerZone, seconds) })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** What the next run would do on each server: the room it makes, what it keeps and deletes, what it never touches. */
export function RetentionPreview({ preview, keepLast }: { preview: SchedulePreview; keepLast: number }) {
  const t = useTranslations("Schedules");
  const { timeZone: viewerZone } = useDisplayFormat();
  const headingId = useId();
  return (
    <div>
      <h4 id={headingId} className="text-sm font-semibold">
        {t("retentionHeading")}
      </h4>
      <p className="mt-1 text-xs text-zinc-600 dark:text-zinc-400">{t("retentionIntro", { keepLast })}</p>
      {!preview.picture ? (
        <p className="mt-2 text-sm">{t("noPicture")}</p>
      ) : preview.servers.length === 0 ? (
        <p className="mt-2 text-sm">{t("noServersInPreview")}</p>
      ) : (
        <ul aria-labelledby={headingId} className="mt-2 grid gap-3 sm:grid-cols-2">
          {preview.servers.map((server) => (
            <ServerRetention key={server.server.id} server={server} t={t} zone={viewerZone} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ServerRetention({ server, t, zone }: { server: ServerPreview; t: SchedulesT; zone: string | undefined }) {
  const nameId = useId();
  return (
    <li className="rounded-lg border border-zinc-200 p-3 text-sm dark:border-zinc-800">
      <div role="group" aria-labelledby={nameId}>
        <p id={nameId} className="font-medium">
          {server.server.name}
        </p>
        <p className="text-xs text-zinc-600 dark:text-zinc-400">{t("manualCount", { count: server.manual_count })}</p>
        {server.blocked ? (
          <p className="mt-2 font-medium text-red-800 dark:text-red-300">
            {t("blocked", { reason: t(`reasons.${reasonKey(server.blocked.code)}`) })}
          </p>
        ) : null}
        {server.make_room ? (
          <p className="mt-2">{t("makeRoom", { backup: backupLabel(server.make_room, zone) })}</p>
        ) : null}
        <BackupList label={t("keeps", { count: server.keep.length })} backups={server.keep} zone={zone} />
        <BackupList label={t("deletes", { count: server.delete.length })} backups={server.delete} zone={zone} danger />
        <p className="mt-2 text-xs text-zinc-600 dark:text-zinc-400">
          {t("untouched", {
            people: server.untouched.by_people,
            others: server.untouched.by_other_schedules,
            protected: server.untouched.protected,
          })}
        </p>
      </div>
    </li>
  );
}

function BackupList({
  label,
  backups,
  zone,
  danger = false,
}: {
  label: string;
  backups: readonly PreviewBackup[];
  zone: string | undefined;
  danger?: boolean;
}) {
  const labelId = useId();
  return (
    <div className="mt-2">
      <p id={labelId} className={danger && backups.length > 0 ? "font-medium text-red-800 dark:text-red-300" : ""}>
        {label}
      </p>
      {backups.length > 0 ? (
        <ul aria-labelledby={labelId} className="mt-0.5 list-disc pl-5 text-xs">
          {backups.map((backup) => (
            <li key={backup.id}>{backupLabel(backup, zone)}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** `#41 Nightly 2026-12-06 (2026-12-06 03:00)`: the backup's id, description and when it was made, in the viewer's zone. */
function backupLabel(backup: PreviewBackup, zone: string | undefined): string {
  return [`#${backup.id}`, backup.description, `(${formatDateTime(backup.created_at, zone)})`]
    .filter(Boolean)
    .join(" ");
}

export type ReasonKey = RunReasonCode | "other";

/** A reason code as a catalog key; one this version does not know is "other". */
export const reasonKey = (code: string | null): ReasonKey =>
  (runReasonCodes as readonly string[]).includes(code ?? "") ? (code as RunReasonCode) : "other";
