import { useMutation, useQueryClient } from "@tanstack/react-query";
import { removeFromCachedLists } from "@/lib/backups/client/delete-backup";
import { backupKeys } from "@/lib/backups/client/query-keys";
import { bulkDeleteResultSchema, type BulkDeleteResult } from "@/lib/backups/schemas";
import { eventKeys } from "@/lib/events/client/query-keys";
import { fetchJson } from "@/lib/http/client/fetch-json";

// POST /api/backups/bulk-delete {backup_ids} — each backup deleted in turn, its outcome in the answer.
// Loaded with the bulk delete's dialog (components/bulk-delete-dialog.tsx), not with the page.

export interface BulkDeleteRequest {
  backupIds: number[];
  /** The same key for every attempt at one confirmation: a repeat answers the first results. */
  idempotencyKey: string;
}

export function sendBulkDelete({ backupIds, idempotencyKey }: BulkDeleteRequest): Promise<BulkDeleteResult> {
  return fetchJson("/api/backups/bulk-delete", bulkDeleteResultSchema, {
    method: "POST",
    body: { backup_ids: backupIds },
    headers: { "Idempotency-Key": idempotencyKey },
  });
}

export function useBulkDeleteBackups() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendBulkDelete,
    onSuccess: async ({ results }) => {
      await queryClient.cancelQueries({ queryKey: backupKeys.all });
      for (const item of results) if (item.outcome === "deleted") removeFromCachedLists(queryClient, item.backup_id);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: backupKeys.all }),
        queryClient.invalidateQueries({ queryKey: eventKeys.all }),
      ]);
    },
  });
}
