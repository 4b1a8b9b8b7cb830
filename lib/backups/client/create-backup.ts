import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { matchesFilters } from "@/lib/backups/backup-filters";
import { backupKeys } from "@/lib/backups/client/query-keys";
import type { BackupFilters, CreateBackupInput } from "@/lib/backups/inputs";
import { eventKeys } from "@/lib/events/client/query-keys";
import {
  createBackupResultSchema,
  type BackupList,
  type CreateBackupResult,
  type ListedBackup,
} from "@/lib/backups/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";

// POST /api/backups — start a manual backup; the answer is the new backup (in progress), who made it, and a message.

export interface CreateBackupRequest {
  input: CreateBackupInput;
  /** The same key for every attempt at one submission: the route creates at most one backup per key. */
  idempotencyKey: string;
}

export function sendCreateBackup({ input, idempotencyKey }: CreateBackupRequest): Promise<CreateBackupResult> {
  return fetchJson("/api/backups", createBackupResultSchema, {
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
        ? { ...list, count: list.count + 1, results: [backup, ...list.results] }
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
    mutationFn: sendCreateBackup,
    onSuccess: async (created) => {
      // A poll already in flight would answer without the new backup: drop it first.
      await queryClient.cancelQueries({ queryKey: backupKeys.all });
      addToCachedLists(queryClient, backupOf(created));
      // The activity panel names who started it.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: backupKeys.all }),
        queryClient.invalidateQueries({ queryKey: eventKeys.all }),
      ]);
    },
  });
}
