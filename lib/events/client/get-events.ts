import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { eventKeys, type EventFilter } from "@/lib/events/client/query-keys";
import type { EventsQuery } from "@/lib/events/inputs";
import { eventPageSchema, type EventPage } from "@/lib/events/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { backedOffInterval } from "@/lib/http/client/poll-backoff";

// GET /api/events?server_id=&limit=&before= — the watcher's events, newest first, a page at a time
// ("Show more" asks for the page before the last one shown). The answer is checked with the same
// schema the route parsed it with (lib/events/schemas.ts).

/** The panel refreshes this often while the tab is visible (it is shared: others' changes show too). */
export const ACTIVITY_POLL_MS = 10_000;
/** Lines per page of the panel: it stands above the backups list, so a short page, and "Show more". */
export const ACTIVITY_PAGE_SIZE = 10;

export function eventsSearch(query: EventsQuery): string {
  const params = new URLSearchParams();
  if (query.server_id !== undefined) params.set("server_id", String(query.server_id));
  if (query.limit !== undefined) params.set("limit", String(query.limit));
  if (query.before !== undefined) params.set("before", String(query.before));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function fetchEvents(query: EventsQuery, signal?: AbortSignal): Promise<EventPage> {
  return fetchJson(`/api/events${eventsSearch(query)}`, eventPageSchema, { signal });
}

export function getEventsQueryOptions(filter: EventFilter) {
  return infiniteQueryOptions({
    queryKey: eventKeys.list(filter),
    queryFn: ({ pageParam, signal }) =>
      fetchEvents({ ...filter, limit: ACTIVITY_PAGE_SIZE, before: pageParam }, signal),
    initialPageParam: undefined as number | undefined,
    // A refresh refetches every page shown, each from the one before it, so no event falls between two.
    getNextPageParam: (last) => last.next_before ?? undefined,
    // Not while the tab is hidden (refetchIntervalInBackground stays false); backing off while failing.
    refetchInterval: (query) => backedOffInterval(query.state, ACTIVITY_POLL_MS),
  });
}

export function useEvents(filter: EventFilter) {
  return useInfiniteQuery(getEventsQueryOptions(filter));
}
