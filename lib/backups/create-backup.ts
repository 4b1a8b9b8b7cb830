import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { matchesFilters } from "@/lib/backups/backup-filters";
import { backupActorsShape } from "@/lib/backups/backup-actors";
import { backupShape } from "@/lib/backups/get-backups";
import { backupKeys } from "@/lib/backups/query-keys";
import type {
  BackupFilters,
  BackupList,
  CreateBackupInput,
  CreateBackupResult,
  ListedBackup,
} from "@/lib/backups/schemas";
import { fetchJson } from "@/lib/http/fetch-json";
import { nullable, object, parser, string, type Reader } from "@/lib/http/json-shape";

// POST /api/backups — start a manual backup; the answer is the new backup (in progress), who made it, and a message.

const readCreatedBackup: Reader<CreateBackupResult> = object({
  ...backupShape,
  ...backupActorsShape,
  message: nullable(string),
});
const createdBackupParser = parser(readCreatedBackup);

export interface CreateBackupRequest {
  input: CreateBackupInput;
  /** The same key for every attempt at one submission: the route creates at most one backup per key. */
  idempotencyKey: string;
}

export function createBackup({ input, idempotencyKey }: CreateBackupRequest): Promise<CreateBackupResult> {
  return fetchJson("/api/backups", createdBackupParser, {
    method: "POST",
    body: input,
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

/** Puts a new backup at the top of every cached list it belongs to, so it shows at once. */
export function addToCachedLists(queryClient: QueryClient, backup: ListedBackup): void {
  for (const query of queryClient.getQueryCache().findAll({ queryKey: backupKeys.lists() })) {
    const filters = (query.queryKey[2] ?? {}) as BackupFilters;
    if (!matchesFilters(backup, filters)) continue;
    queryClient.setQueryData<BackupList>(query.queryKey, (list) =>
      list && !list.results.some((item) => item.id === backup.id)
        ? { count: list.count + 1, results: [backup, ...list.results] }
        : list,
    );
  }
}

function backupOf(created: CreateBackupResult): ListedBackup {
  const backup: ListedBackup & { message?: string | null } = { ...created };
  delete backup.message;
  return backup;
}

export function useCreateBackup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createBackup,
    onSuccess: async (created) => {
      // A poll already in flight would answer without the new backup: drop it first.
      await queryClient.cancelQueries({ queryKey: backupKeys.all });
      addToCachedLists(queryClient, backupOf(created));
      return queryClient.invalidateQueries({ queryKey: backupKeys.all });
    },
  });
}
