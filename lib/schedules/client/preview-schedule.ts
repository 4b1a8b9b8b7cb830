import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { scheduleKeys } from "@/lib/schedules/client/query-keys";
import type { PreviewScheduleInput } from "@/lib/schedules/inputs";
import { schedulePreviewSchema, type SchedulePreview } from "@/lib/schedules/schemas";

// POST /api/schedules/preview: a schedule as the form holds it (saved or not) → its next five due
// times and what its next run would keep and delete on each server. It changes nothing, so it is
// read as a query, keyed by the schedule it previews.

export function fetchSchedulePreview(input: PreviewScheduleInput, signal?: AbortSignal): Promise<SchedulePreview> {
  return fetchJson("/api/schedules/preview", schedulePreviewSchema, { method: "POST", body: input, signal });
}

/**
 * `input` null: nothing to preview yet (no query is made). `version` changes when what the schedule
 * already did changes (its latest run's outcome), so a saved schedule's preview is asked for again.
 */
export function getSchedulePreviewQueryOptions(input: PreviewScheduleInput | null, version = "") {
  return queryOptions({
    queryKey: input ? scheduleKeys.preview(input, version) : [...scheduleKeys.all, "preview", null],
    queryFn: ({ signal }) => fetchSchedulePreview(input!, signal),
    enabled: input !== null,
    // While the next answer comes, the last one stays (marked as refreshing), so the form does not jump.
    placeholderData: keepPreviousData,
    // A refused schedule (400) is the answer, not a failure to retry.
    retry: false,
  });
}

export function useSchedulePreview(input: PreviewScheduleInput | null, version = "") {
  return useQuery(getSchedulePreviewQueryOptions(input, version));
}
