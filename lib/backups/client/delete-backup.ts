import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { backupKeys } from "@/lib/backups/client/query-keys";
import type { BackupList } from "@/lib/backups/schemas";
import { eventKeys } from "@/lib/events/client/query-keys";
import { fetchNoContent } from "@/lib/http/client/fetch-json";

// DELETE /api/backups/{id} — permanent; the answer is 204 No Content.

export function sendDeleteBackup(backupId: number): Promise<void> {
  return fetchNoContent(`/api/backups/${encodeURIComponent(String(backupId))}`, { method: "DELETE" });
}

/** Takes a deleted backup out of every cached list, so the row and the quota update at once. */
export function removeFromCachedLists(queryClient: QueryClient, backupId: number): void {
  queryClient.setQueriesData<BackupList>({ queryKey: backupKeys.lists() }, (list) => {
    if (!list?.results.some((item) => item.id === backupId)) return list;
    const results = list.results.filter((item) => item.id !== backupId);
    return { ...list, count: results.length, results };
  });
}

export function useDeleteBackup() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendDeleteBackup,
    onSuccess: async (_nothing, backupId) => {
      await queryClient.cancelQueries({ queryKey: backupKeys.all });
      removeFromCachedLists(queryClient, backupId);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: backupKeys.all }),
        queryClient.invalidateQueries({ queryKey: eventKeys.all }),
      ]);
    },
  });
}
