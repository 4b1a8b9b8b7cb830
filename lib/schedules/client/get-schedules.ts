import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { scheduleKeys } from "@/lib/schedules/client/query-keys";
import {
  scheduleListSchema,
  scheduleRunListSchema,
  type Schedule,
  type ScheduleList,
  type ScheduleRun,
  type ScheduleRunList,
} from "@/lib/schedules/schemas";

// GET /api/schedules (every schedule, its next five due times and latest run) and
// GET /api/schedules/{id}/runs (its latest 20 runs, each server's outcome).

/** While a server's backup of a run is being asked for or still runs: poll until it settles. */
const SETTLING_POLL_MS = 3_000;
/** The latest a list waits after a due time before asking again: the watcher starts a run within a second or two. */
const AFTER_DUE_MS = 2_000;
/** The longest wait between refreshes while an enabled schedule has a next run. */
const LONGEST_WAIT_MS = 5 * 60_000;

const settling = (run: ScheduleRun | null | undefined) =>
  run?.servers.some((server) => server.state === "pending" || server.state === "started") ?? false;

/**
 * When to ask again: every 3 s while a run settles; else just after the soonest next due time of an
 * enabled schedule (at most 5 minutes away); never while nothing is due (all paused), so it stops by itself.
 */
export function nextRefreshMs(runs: readonly (ScheduleRun | null)[], schedules: readonly Schedule[], now: number) {
  if (runs.some(settling)) return SETTLING_POLL_MS;
  const due = schedules
    .filter((schedule) => schedule.enabled)
    .map((schedule) => Date.parse(schedule.next_runs[0] ?? ""))
    .filter((time) => Number.isFinite(time));
  if (due.length === 0) return false;
  return Math.min(LONGEST_WAIT_MS, Math.max(SETTLING_POLL_MS, Math.min(...due) - now + AFTER_DUE_MS));
}

export function fetchSchedules(signal?: AbortSignal): Promise<ScheduleList> {
  return fetchJson("/api/schedules", scheduleListSchema, { signal });
}

export function getSchedulesQueryOptions() {
  return queryOptions({
    queryKey: scheduleKeys.list(),
    queryFn: ({ signal }) => fetchSchedules(signal),
    refetchInterval: (query) => {
      const list = query.state.data;
      return list
        ? nextRefreshMs(
            list.schedules.map((schedule) => schedule.last_run),
            list.schedules,
            Date.now(),
          )
        : false;
    },
  });
}

export function useSchedules() {
  return useQuery(getSchedulesQueryOptions());
}

export function fetchScheduleRuns(scheduleId: number, signal?: AbortSignal): Promise<ScheduleRunList> {
  return fetchJson(`/api/schedules/${scheduleId}/runs`, scheduleRunListSchema, { signal });
}

/** The runs of `schedule`, refreshed while one settles and after each of its due times. */
export function getScheduleRunsQueryOptions(schedule: Schedule) {
  return queryOptions({
    queryKey: scheduleKeys.runs(schedule.id),
    queryFn: ({ signal }) => fetchScheduleRuns(schedule.id, signal),
    refetchInterval: (query) => nextRefreshMs(query.state.data?.runs ?? [], [schedule], Date.now()),
  });
}

export function useScheduleRuns(schedule: Schedule) {
  return useQuery(getScheduleRunsQueryOptions(schedule));
}
