import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { backupKeys } from "@/lib/backups/client/query-keys";
import type { ProtectionState } from "@/lib/backups/schemas";

// PUT /api/backups/{id}/protection {protected} — the dashboard then refuses to delete it until unprotected.

export interface ProtectRequest {
  backupId: number;
  protected: boolean;
}

/**
 * Protects or unprotects a backup of the list. Not TanStack Query's useMutation: the main page has no
 * other mutation outside its lazily loaded dialogs, and this keeps the mutation machinery out of its
 * first load (npm run bench, size); the request and its answer's schema load on first use.
 */
export function useProtectBackup() {
  const queryClient = useQueryClient();
  const [isPending, setPending] = useState(false);
  const mutate = async (
    request: ProtectRequest,
    then: { onSuccess: (state: ProtectionState) => void; onError: (error: Error) => void },
  ) => {
    setPending(true);
    try {
      const { applyToCachedLists, sendProtection } = await import("@/lib/backups/client/send-protection");
      const state = await sendProtection(request);
      await queryClient.cancelQueries({ queryKey: backupKeys.all });
      applyToCachedLists(queryClient, state);
      then.onSuccess(state);
      void queryClient.invalidateQueries({ queryKey: backupKeys.all });
    } catch (error) {
      then.onError(error instanceof Error ? error : new Error(String(error)));
    } finally {
      setPending(false);
    }
  };
  return { mutate, isPending };
}
