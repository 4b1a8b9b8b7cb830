import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { backupFiltersSearch, matchesFilters } from "@/lib/backups/backup-filters";
import { BACKGROUND_REFRESH_MS, LIVE_POLL_MS, isInProgress } from "@/lib/backups/backup-status";
import { backupKeys } from "@/lib/backups/client/query-keys";
import type { BackupFilters } from "@/lib/backups/inputs";
import { backupListSchema, type BackupList } from "@/lib/backups/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { backedOffInterval } from "@/lib/http/client/poll-backoff";

// GET /api/backups?server_id=&backup_type= — the list, newest first (sorted by the route). The
// answer is checked with the same schema the route parsed it with (lib/backups/schemas.ts).

export function fetchBackups(filters: BackupFilters, signal?: AbortSignal): Promise<BackupList> {
  return fetchJson(`/api/backups${backupFiltersSearch(filters)}`, backupListSchema, { signal });
}

/**
 * The live poll: every 3 s while a backup is being made or VPS.org cannot be read (to show its
 * recovery soon), off (by itself) once neither is. Each poll reads the watcher's picture, not VPS.org.
 */
export function backupsLivePoll(list: BackupList | undefined): number | false {
  return list && (list.error !== null || list.results.some(isInProgress)) ? LIVE_POLL_MS : false;
}

export function getBackupsQueryOptions(filters: BackupFilters) {
  return queryOptions({
    queryKey: backupKeys.list(filters),
    queryFn: ({ signal }) => fetchBackups(filters, signal),
    // Between live polls, a slow refresh picks up automatic backups and changes made elsewhere.
    // Neither runs while the tab is hidden (refetchIntervalInBackground stays false); both back
    // off while refreshes fail (lib/http/client/poll-backoff.ts).
    refetchInterval: (query) =>
      backedOffInterval(query.state, backupsLivePoll(query.state.data) || BACKGROUND_REFRESH_MS),
  });
}

/**
 * The backups matching `filters`. While a filtered list loads for the first time, the
 * unfiltered list already in the cache stands in for it, filtered here.
 */
export function useBackups(filters: BackupFilters) {
  const queryClient = useQueryClient();
  return useQuery({
    ...getBackupsQueryOptions(filters),
    placeholderData: () => {
      const all = queryClient.getQueryData(getBackupsQueryOptions({}).queryKey);
      if (!all) return undefined;
      const results = all.results.filter((backup) => matchesFilters(backup, filters));
      return { ...all, count: results.length, results };
    },
  });
}
