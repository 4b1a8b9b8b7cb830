import { queryOptions, useQuery } from "@tanstack/react-query";
import { BACKGROUND_REFRESH_MS, LIVE_POLL_MS } from "@/lib/backups/backup-status";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { backedOffInterval } from "@/lib/http/client/poll-backoff";
import { serverKeys } from "@/lib/servers/client/query-keys";
import { RESTORING, serverListSchema, type ServerList } from "@/lib/servers/schemas";

// GET /api/servers — the account's servers; `source: "backups"` with a notice when the token
// may not read the Servers API (then statuses are unknown).

export function fetchServers(signal?: AbortSignal): Promise<ServerList> {
  return fetchJson("/api/servers", serverListSchema, { signal });
}

/** The live poll: every 3 s while a server is restoring or VPS.org cannot be read, off (by itself) once neither is. */
export function serversLivePoll(list: ServerList | undefined): number | false {
  return list && (list.error !== null || list.results.some((server) => server.status === RESTORING))
    ? LIVE_POLL_MS
    : false;
}

export function getServersQueryOptions() {
  return queryOptions({
    queryKey: serverKeys.list(),
    queryFn: ({ signal }) => fetchServers(signal),
    // Between live polls, a slow refresh; neither runs while the tab is hidden.
    refetchInterval: (query) =>
      backedOffInterval(query.state, serversLivePoll(query.state.data) || BACKGROUND_REFRESH_MS),
  });
}

export function useServers() {
  return useQuery(getServersQueryOptions());
}
