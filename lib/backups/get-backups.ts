import { queryOptions, useQuery, useQueryClient } from "@tanstack/react-query";
import { backupFiltersSearch, matchesFilters } from "@/lib/backups/backup-filters";
import { BACKGROUND_REFRESH_MS, LIVE_POLL_MS, isInProgress } from "@/lib/backups/backup-status";
import { backupKeys } from "@/lib/backups/query-keys";
import { backupActorsShape } from "@/lib/backups/backup-actors";
import type { BackupFilters, BackupList, ListedBackup } from "@/lib/backups/schemas";
import { fetchJson } from "@/lib/http/fetch-json";
import { backedOffInterval } from "@/lib/http/poll-backoff";
import { array, nullable, number, object, parser, string, type Reader } from "@/lib/http/json-shape";

// GET /api/backups?server_id=&backup_type= — the list, newest first (sorted by the route).
// Light shape checks instead of zod in the browser (the route already parsed the answer with
// lib/backups/schemas.ts); the type annotations keep the two in step.

/** The fields of a backup, shared with the create answer. */
export const backupShape = {
  id: number,
  server: object({ id: number, name: string }),
  backup_type: string,
  status: string,
  size_mb: nullable(number),
  created_at: string,
  expires_at: nullable(string),
  description: string,
};

const readBackupList: Reader<BackupList> = object({
  count: number,
  results: array<ListedBackup>(object({ ...backupShape, ...backupActorsShape })),
});
const backupListParser = parser(readBackupList);

export function getBackups(filters: BackupFilters, signal?: AbortSignal): Promise<BackupList> {
  return fetchJson(`/api/backups${backupFiltersSearch(filters)}`, backupListParser, { signal });
}

/** The live poll: every 3 s while a backup is being made, off (by itself) once none is. */
export function backupsLivePoll(list: BackupList | undefined): number | false {
  return list?.results.some(isInProgress) ? LIVE_POLL_MS : false;
}

export function getBackupsQueryOptions(filters: BackupFilters) {
  return queryOptions({
    queryKey: backupKeys.list(filters),
    queryFn: ({ signal }) => getBackups(filters, signal),
    // Between live polls, a slow refresh picks up automatic backups and changes made elsewhere.
    // Neither runs while the tab is hidden (refetchIntervalInBackground stays false); both back
    // off while refreshes fail (lib/http/poll-backoff.ts).
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
      return { count: results.length, results };
    },
  });
}
