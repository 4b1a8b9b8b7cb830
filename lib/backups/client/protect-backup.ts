import type { QueryClient } from "@tanstack/react-query";
import { backupKeys } from "@/lib/backups/client/query-keys";
import { protectionStateSchema, type BackupList, type ProtectionState } from "@/lib/backups/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";

// PUT /api/backups/{id}/protection {protected} — the dashboard then refuses to delete it until
// unprotected. Loaded on the first click of Protect or Unprotect (components/protect-toggle.ts), not
// with the page: the main page keeps its first load small (npm run bench, size).

export interface ProtectRequest {
  backupId: number;
  protected: boolean;
}

export function sendProtection({ backupId, protected: wanted }: ProtectRequest): Promise<ProtectionState> {
  return fetchJson(`/api/backups/${encodeURIComponent(String(backupId))}/protection`, protectionStateSchema, {
    method: "PUT",
    body: { protected: wanted },
  });
}

/** The new protection in every cached list that shows the backup, so the lock and the buttons change at once. */
export function applyToCachedLists(queryClient: QueryClient, state: ProtectionState): void {
  queryClient.setQueriesData<BackupList>({ queryKey: backupKeys.lists() }, (list) =>
    list?.results.some((item) => item.id === state.backup_id)
      ? {
          ...list,
          results: list.results.map((item) =>
            item.id === state.backup_id ? { ...item, protected_by: state.protected_by } : item,
          ),
        }
      : list,
  );
}

/**
 * Protects or unprotects a backup, then shows it in the cached lists at once and refetches them. Not
 * TanStack Query's useMutation: the main page has no other mutation outside its lazily loaded dialogs.
 */
export async function protectBackup(queryClient: QueryClient, request: ProtectRequest): Promise<ProtectionState> {
  const state = await sendProtection(request);
  await queryClient.cancelQueries({ queryKey: backupKeys.all });
  applyToCachedLists(queryClient, state);
  void queryClient.invalidateQueries({ queryKey: backupKeys.all });
  return state;
}
