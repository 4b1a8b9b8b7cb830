import type { QueryClient } from "@tanstack/react-query";
import { backupKeys } from "@/lib/backups/client/query-keys";
import { protectionStateSchema, type BackupList, type ProtectionState } from "@/lib/backups/schemas";
import { fetchJson } from "@/lib/http/client/fetch-json";

// PUT /api/backups/{id}/protection {protected} — the dashboard then refuses to delete it until unprotected.

import type { ProtectRequest } from "@/lib/backups/client/protect-backup";

// Loaded on the first click of Protect or Unprotect (lib/backups/client/protect-backup.ts), not with the page.

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
