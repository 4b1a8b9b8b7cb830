import { queryOptions, useQuery } from "@tanstack/react-query";
import { BACKGROUND_REFRESH_MS, LIVE_POLL_MS } from "@/lib/backups/backup-status";
import { fetchJson } from "@/lib/http/fetch-json";
import { backedOffInterval } from "@/lib/http/poll-backoff";
import { array, nullable, number, object, oneOf, parser, string, type Reader } from "@/lib/http/json-shape";
import { serverKeys } from "@/lib/servers/query-keys";
import type { ServerList } from "@/lib/servers/schemas";

// GET /api/servers — the account's servers; `source: "backups"` with a notice when the token
// may not read the Servers API (then statuses are unknown).

const nullableString = nullable(string);

const readServerList: Reader<ServerList> = object({
  count: number,
  results: array(
    object({
      id: number,
      name: string,
      status: nullableString,
      hostname: nullableString,
      ip_address: nullableString,
      location: nullableString,
      plan: nullableString,
      os: nullableString,
    }),
  ),
  source: oneOf(["provider", "backups"]),
  notice: nullableString,
});
const serverListParser = parser(readServerList);

export const RESTORING = "restoring";

export function getServers(signal?: AbortSignal): Promise<ServerList> {
  return fetchJson("/api/servers", serverListParser, { signal });
}

/** The live poll: every 3 s while a server is restoring, off (by itself) once none is. */
export function serversLivePoll(list: ServerList | undefined): number | false {
  return list?.results.some((server) => server.status === RESTORING) ? LIVE_POLL_MS : false;
}

export function getServersQueryOptions() {
  return queryOptions({
    queryKey: serverKeys.list(),
    queryFn: ({ signal }) => getServers(signal),
    // Between live polls, a slow refresh; neither runs while the tab is hidden.
    refetchInterval: (query) =>
      backedOffInterval(query.state, serversLivePoll(query.state.data) || BACKGROUND_REFRESH_MS),
  });
}

export function useServers() {
  return useQuery(getServersQueryOptions());
}
