"use client";

import { useLocale, useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useEffect, useId, useState, useSyncExternalStore, type ReactNode } from "react";
import { SimpleTable } from "@/components/column-headers";
import { ActionError, QueryErrorAlert } from "@/components/error-alert";
import { Icon } from "@/components/icons";
import { NextRunTimes, reasonKey, RetentionPreview } from "@/components/schedule-preview";
import { StatusBadge, type StatusLook } from "@/components/status-badge";
import { buttonStyles } from "@/components/styles";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import { MESSAGE_LOCALE } from "@/lib/http/client/error-text";
import { useDeleteSchedule, useUpdateSchedule } from "@/lib/schedules/client/change-schedules";
import { useScheduleRuns, useSchedules } from "@/lib/schedules/client/get-schedules";
import { useSchedulePreview } from "@/lib/schedules/client/preview-schedule";
import { cronHasSeconds, formatDueTime } from "@/lib/schedules/due-time";
import {
  runServerStates,
  type RunServer,
  type RunServerState,
  type Schedule,
  type ScheduleRun,
} from "@/lib/schedules/schemas";
import { useServers } from "@/lib/servers/client/get-servers";

// The form (and Radix's dialog with it) loads in its own chunk, on first use.
const ScheduleDialog = dynamic(() => import("@/components/schedule-dialog").then((m) => m.ScheduleDialog), {
  ssr: false,
});

type SchedulesT = ReturnType<typeof useTranslations<"Schedules">>;

const hidden = (chunks: ReactNode) => <span className="sr-only">{chunks}</span>;

/** The id of the hidden text that says why a viewer's controls are disabled. */
const DENIED_REASON_ID = "denied-schedules-reason";

/** The element of a schedule: the backups list links to `/schedules#schedule-{id}`. */
export const scheduleAnchor = (id: number | string) => `schedule-${id}`;

const stateLooks = (t: SchedulesT): Record<RunServerState, StatusLook> => ({
  pending: { tone: "blue", marker: "spinner", label: t("states.pending") },
  started: { tone: "blue", marker: "spinner", label: t("states.started") },
  completed: { tone: "green", label: t("states.completed") },
  failed: { tone: "red", label: t("states.failed") },
  skipped: { tone: "amber", label: t("states.skipped") },
});

type Editing = { schedule: Schedule | null } | null;

const subscribeToHash = (onChange: () => void) => {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
};

/** The schedule the address's fragment names (`#schedule-12`), or null; null on the server. */
function useLinkedSchedule(): number | null {
  const id = useSyncExternalStore(
    subscribeToHash,
    () => /^#schedule-(\d+)$/.exec(window.location.hash)?.[1] ?? null,
    () => null,
  );
  return id === null ? null : Number(id);
}

/**
 * Every schedule: when it runs, what it covers, its next run and its last run's outcome; a
 * schedule's runs and the retention preview of its next run; create, change, pause and delete for
 * those who may (`denial` null), the same controls disabled with the reason for the others.
 */
export function SchedulesAdmin({ denial }: { denial: string | null }) {
  const t = useTranslations("Schedules");
  const schedules = useSchedules();
  const servers = useServers();
  const update = useUpdateSchedule();
  const remove = useDeleteSchedule();
  const [editing, setEditing] = useState<Editing>(null);
  const linked = useLinkedSchedule();
  // undefined until a runs button is pressed: the schedule the address links to, if any.
  const [chosen, setChosen] = useState<number | null | undefined>(undefined);
  const shown = chosen === undefined ? linked : chosen;
  const setShown = setChosen;
  const [lastChange, setLastChange] = useState<string | null>(null);
  const failed = update.error ?? remove.error;
  const reset = () => [update, remove].forEach((mutation) => mutation.reset());
  const list = schedules.data;
  const shownSchedule = list?.schedules.find((schedule) => schedule.id === shown) ?? null;
  const serverNames = new Map((servers.data?.results ?? []).map((server) => [server.id, server.name]));
  const denied = denial === null ? {} : { disabled: true, title: denial, "aria-describedby": DENIED_REASON_ID };

  // A link to /schedules#schedule-{id} (from a backup a schedule made) opens that schedule's runs.
  const loaded = list !== undefined;
  useEffect(() => {
    if (loaded && linked !== null) document.getElementById(scheduleAnchor(linked))?.scrollIntoView({ block: "center" });
  }, [loaded, linked]);

  return (
    <div className="mt-6 space-y-10">
      <section aria-labelledby="schedules-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="schedules-heading" className="text-lg font-semibold">
            {t("listHeading")}
          </h2>
          <button
            type="button"
            className={buttonStyles.primary}
            {...denied}
            onClick={() => {
              reset();
              setEditing({ schedule: null });
            }}
          >
            <Icon name="plus" />
            {t("create")}
          </button>
        </div>
        {denial ? (
          <span id={DENIED_REASON_ID} className="sr-only">
            {denial}
          </span>
        ) : null}
        <p role="status" className="text-sm text-zinc-700 empty:hidden dark:text-zinc-300">
          {lastChange}
        </p>
        <ActionError title={t("changeFailed")} error={failed} />
        {list ? (
          list.schedules.length === 0 ? (
            <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center dark:border-zinc-700 dark:bg-zinc-900">
              {t("none")}
            </p>
          ) : (
            <div className="overflow-x-auto">
              <SimpleTable
                labelledBy="schedules-heading"
                columns={[
                  { label: t("columns.name") },
                  { label: t("columns.when") },
                  { label: t("columns.servers") },
                  { label: t("columns.keep") },
                  { label: t("columns.state") },
                  { label: t("columns.next") },
                  { label: t("columns.last") },
                  { label: t("columns.actions"), srOnly: true },
                ]}
              >
                {list.schedules.map((schedule) => (
                  <ScheduleRow
                    key={schedule.id}
                    schedule={schedule}
                    serverNames={serverNames}
                    showing={shown === schedule.id}
                    denied={denied}
                    onShow={() => setShown(shown === schedule.id ? null : schedule.id)}
                    onEdit={() => {
                      reset();
                      setEditing({ schedule });
                    }}
                    onPause={(enabled) => {
                      reset();
                      update.mutate(
                        { id: schedule.id, change: { enabled } },
                        {
                          onSuccess: () =>
                            setLastChange(t(enabled ? "resumedDone" : "pausedDone", { name: schedule.name })),
                        },
                      );
                    }}
                    onDelete={() => {
                      if (!confirm(t("confirmDelete", { name: schedule.name }))) return;
                      reset();
                      remove.mutate(schedule.id, {
                        onSuccess: () => {
                          if (shown === schedule.id) setShown(null);
                          setLastChange(t("deletedDone", { name: schedule.name }));
                        },
                      });
                    }}
                  />
                ))}
              </SimpleTable>
            </div>
          )
        ) : schedules.isError ? (
          <QueryErrorAlert title={t("loadFailed")} query={schedules} />
        ) : (
          <p role="status">{t("loading")}</p>
        )}
      </section>
      {shownSchedule ? <ScheduleRuns schedule={shownSchedule} serverNames={serverNames} /> : null}
      {editing && list ? (
        <ScheduleDialog
          open
          onOpenChange={(open) => {
            if (!open) setEditing(null);
          }}
          schedule={editing.schedule}
          defaultTimezone={list.default_timezone}
          secondsAllowed={list.seconds_allowed}
          servers={(servers.data?.results ?? []).map(({ id, name }) => ({ id, name }))}
          onSaved={(saved, created) => {
            setEditing(null);
            setLastChange(t(created ? "createdDone" : "savedDone", { name: saved.name }));
          }}
        />
      ) : null}
    </div>
  );
}

interface ScheduleRowProps {
  schedule: Schedule;
  serverNames: ReadonlyMap<number, string>;
  showing: boolean;
  denied: Record<string, unknown>;
  onShow: () => void;
  onEdit: () => void;
  onPause: (enabled: boolean) => void;
  onDelete: () => void;
}

function ScheduleRow({ schedule, serverNames, showing, denied, onShow, onEdit, onPause, onDelete }: ScheduleRowProps) {
  const t = useTranslations("Schedules");
  const { timeZone } = useDisplayFormat();
  const name = schedule.name;
  const seconds = cronHasSeconds(schedule.cron);
  const next = schedule.next_runs[0];
  return (
    <tr id={scheduleAnchor(schedule.id)} className="align-top">
      <td className="px-3 py-3 font-medium">{name}</td>
      <td className="px-3 py-3">
        <code className="font-mono text-xs">{schedule.cron}</code>
        <span className="block text-xs text-zinc-600 dark:text-zinc-400">{schedule.timezone}</span>
      </td>
      <td className="px-3 py-3">{serversText(t, schedule, serverNames)}</td>
      <td className="px-3 py-3 tabular-nums">{t("keepLastValue", { count: schedule.keep_last })}</td>
      <td className="px-3 py-3">
        <StatusBadge
          status={schedule.enabled ? "enabled" : "paused"}
          looks={{
            enabled: { tone: "green", label: t("enabled") },
            paused: { tone: "neutral", label: t("paused") },
          }}
        />
      </td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">
        {next ? (
          <time dateTime={next}>{formatDueTime(next, timeZone, seconds)}</time>
        ) : (
          <span className="text-zinc-600 dark:text-zinc-400">—</span>
        )}
      </td>
      <td className="px-3 py-3">
        {schedule.last_run ? <LastRun run={schedule.last_run} seconds={seconds} /> : t("neverRun")}
      </td>
      <td className="px-3 py-3">
        <div className="flex flex-wrap justify-end gap-2">
          <button type="button" className={buttonStyles.small} aria-expanded={showing} onClick={onShow}>
            {t.rich("showRuns", { name, hidden })}
          </button>
          <button type="button" className={buttonStyles.small} {...denied} onClick={onEdit}>
            {t.rich("edit", { name, hidden })}
          </button>
          <button type="button" className={buttonStyles.small} {...denied} onClick={() => onPause(!schedule.enabled)}>
            {schedule.enabled ? t.rich("pause", { name, hidden }) : t.rich("resume", { name, hidden })}
          </button>
          <button type="button" className={buttonStyles.smallDanger} {...denied} onClick={onDelete}>
            {t.rich("delete", { name, hidden })}
          </button>
        </div>
      </td>
    </tr>
  );
}

function serversText(t: SchedulesT, schedule: Schedule, serverNames: ReadonlyMap<number, string>): string {
  if (schedule.all_servers) return t("allServers");
  return schedule.server_ids.map((id) => serverNames.get(id) ?? t("serverById", { id })).join(", ");
}

/** A run's outcome in a line: when it was due, and how many servers ended in each state. */
function LastRun({ run, seconds }: { run: ScheduleRun; seconds: boolean }) {
  const t = useTranslations("Schedules");
  const { timeZone } = useDisplayFormat();
  const looks = stateLooks(t);
  const counts = runServerStates
    .map((state) => ({ state, count: run.servers.filter((server) => server.state === state).length }))
    .filter(({ count }) => count > 0);
  return (
    <div className="space-y-1">
      <time dateTime={run.due_at} className="block text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
        {formatDueTime(run.due_at, timeZone, seconds)}
      </time>
      <div className="flex flex-wrap gap-1">
        {counts.map(({ state, count }) => (
          <StatusBadge
            key={state}
            status={state}
            looks={{
              [state]: { ...looks[state], label: t("stateCount", { state: looks[state].label ?? state, count }) },
            }}
          />
        ))}
      </div>
    </div>
  );
}

/** A schedule's latest runs (each server's outcome) and what its next run would keep and delete. */
function ScheduleRuns({ schedule, serverNames }: { schedule: Schedule; serverNames: ReadonlyMap<number, string> }) {
  const t = useTranslations("Schedules");
  const runs = useScheduleRuns(schedule);
  const headingId = useId();
  const runsHeadingId = useId();
  const { timeZone } = useDisplayFormat();
  const seconds = cronHasSeconds(schedule.cron);
  return (
    <section aria-labelledby={headingId} className="space-y-6">
      <h2 id={headingId} className="text-lg font-semibold">
        {t("runsHeading", { name: schedule.name })}
      </h2>
      <SavedPreview schedule={schedule} />
      <div className="space-y-3">
        <h3 id={runsHeadingId} className="font-semibold">
          {t("latestRuns", { name: schedule.name })}
        </h3>
        {runs.data ? (
          runs.data.runs.length === 0 ? (
            <p>{t("noRuns")}</p>
          ) : (
            <div className="overflow-x-auto">
              <SimpleTable
                labelledBy={runsHeadingId}
                columns={[{ label: t("runColumns.due") }, { label: t("runColumns.servers") }]}
              >
                {runs.data.runs.map((run) => (
                  <tr key={run.id} className="align-top">
                    <td className="px-3 py-3 whitespace-nowrap tabular-nums">
                      <time dateTime={run.due_at}>{formatDueTime(run.due_at, timeZone, seconds)}</time>
                      {run.missed > 0 ? (
                        <span className="block text-xs text-zinc-600 dark:text-zinc-400">
                          {t("missed", { count: run.missed })}
                        </span>
                      ) : null}
                    </td>
                    <td className="px-3 py-3">
                      {run.servers.length === 0 ? (
                        t("runNoServers")
                      ) : (
                        <ul className="space-y-2">
                          {run.servers.map((server) => (
                            <RunServerOutcome key={server.server.id} server={server} serverNames={serverNames} />
                          ))}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </SimpleTable>
            </div>
          )
        ) : runs.isError ? (
          <QueryErrorAlert title={t("runsFailed")} query={runs} />
        ) : (
          <p role="status">{t("runsLoading")}</p>
        )}
      </div>
    </section>
  );
}

function RunServerOutcome({ server, serverNames }: { server: RunServer; serverNames: ReadonlyMap<number, string> }) {
  const t = useTranslations("Schedules");
  const locale = useLocale();
  const name = server.server.name ?? serverNames.get(server.server.id) ?? t("serverById", { id: server.server.id });
  const reason = server.reason_code ? t(`reasons.${reasonKey(server.reason_code)}`) : null;
  return (
    <li>
      <span className="font-medium">{name}</span> <StatusBadge status={server.state} looks={stateLooks(t)} />
      {server.backup_id !== null ? (
        <span className="ml-2 text-xs tabular-nums">{t("backupById", { id: server.backup_id })}</span>
      ) : null}
      {reason ? (
        <p className="text-xs">
          {/* The reason in the page's language; the server's own words (in English) say more, e.g. which backup. */}
          {locale === MESSAGE_LOCALE && server.reason ? server.reason : reason}
          {locale !== MESSAGE_LOCALE && server.reason ? (
            <span lang={MESSAGE_LOCALE} className="block opacity-80">
              {server.reason}
            </span>
          ) : null}
        </p>
      ) : null}
      {server.deleted_backup_ids.length > 0 ? (
        <p className="text-xs">
          {t("retentionDeleted", { ids: server.deleted_backup_ids.map((id) => `#${id}`).join(", ") })}
        </p>
      ) : null}
    </li>
  );
}

/** The retention preview of the schedule as saved: what its next run would keep and delete on each server. */
function SavedPreview({ schedule }: { schedule: Schedule }) {
  const t = useTranslations("Schedules");
  const preview = useSchedulePreview(
    {
      id: schedule.id,
      name: schedule.name,
      cron: schedule.cron,
      timezone: schedule.timezone,
      ...(schedule.all_servers ? { all_servers: true as const } : { server_ids: schedule.server_ids }),
      description_template: schedule.description_template,
      keep_last: schedule.keep_last,
      enabled: schedule.enabled,
    },
    // Asked again as the latest run goes on: its completed backup is one the next run keeps.
    JSON.stringify(
      schedule.last_run && [schedule.last_run.id, schedule.last_run.servers.map((server) => server.state)],
    ),
  );
  const headingId = useId();
  return (
    <section
      aria-labelledby={headingId}
      className="space-y-4 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h3 id={headingId} className="font-semibold">
        {t("nextRunHeading", { name: schedule.name })}
      </h3>
      {preview.data ? (
        <>
          <NextRunTimes runs={preview.data.next_runs} timezone={schedule.timezone} cron={schedule.cron} />
          <RetentionPreview preview={preview.data} keepLast={schedule.keep_last} />
        </>
      ) : preview.isError ? (
        <QueryErrorAlert title={t("previewFailed")} query={preview} />
      ) : (
        <p role="status">{t("previewLoading")}</p>
      )}
    </section>
  );
}
