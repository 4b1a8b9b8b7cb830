import { queryOptions, useQuery } from "@tanstack/react-query";
import { BACKGROUND_REFRESH_MS } from "@/lib/backups/backup-status";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { backedOffInterval } from "@/lib/http/client/poll-backoff";
import { serverHistoryKeys } from "@/lib/servers/client/history-query-keys";
import { serverHistorySchema, type ServerHistory } from "@/lib/servers/history-schemas";

// GET /api/servers/{serverId}/history?days= — one server's backups over time, restores and events,
// checked with the schema the route parsed them with (lib/servers/history-schemas.ts).

/** The history changes when a backup does: a slow refresh (the backups list polls fast while one runs). */
export const HISTORY_REFRESH_MS = 3 * BACKGROUND_REFRESH_MS;

export function fetchServerHistory(serverId: number, days: number, signal?: AbortSignal): Promise<ServerHistory> {
  return fetchJson(`/api/servers/${serverId}/history?days=${days}`, serverHistorySchema, { signal });
}

export function getServerHistoryQueryOptions(serverId: number, days: number) {
  return queryOptions({
    queryKey: serverHistoryKeys.window(serverId, days),
    queryFn: ({ signal }) => fetchServerHistory(serverId, days, signal),
    // Not while the tab is hidden; backing off while failing.
    refetchInterval: (query) => backedOffInterval(query.state, HISTORY_REFRESH_MS),
  });
}

export function useServerHistory(serverId: number, days: number) {
  return useQuery(getServerHistoryQueryOptions(serverId, days));
}
