import { useMutation, useQueryClient } from "@tanstack/react-query";
import { backupKeys } from "@/lib/backups/client/query-keys";
import { eventKeys } from "@/lib/events/client/query-keys";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { getServersQueryOptions } from "@/lib/servers/client/get-servers";
import { serverKeys } from "@/lib/servers/client/query-keys";
import { RESTORING, restoreResultSchema, type RestoreResult } from "@/lib/servers/schemas";

// POST /api/servers/{id}/restore — the provider stops the server and overwrites its disk.

export interface RestoreServerInput {
  serverId: number;
  backupId: number;
}

export function sendRestoreServer({ serverId, backupId }: RestoreServerInput): Promise<RestoreResult> {
  return fetchJson(`/api/servers/${encodeURIComponent(String(serverId))}/restore`, restoreResultSchema, {
    method: "POST",
    body: { backup_id: backupId },
  });
}

export function useRestoreServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: sendRestoreServer,
    onSuccess: async (result, { serverId }) => {
      const { queryKey } = getServersQueryOptions();
      await queryClient.cancelQueries({ queryKey: serverKeys.all });
      // Shown at once; the servers poll (every 3 s while restoring) then follows the provider.
      queryClient.setQueryData(
        queryKey,
        (list) =>
          list && {
            ...list,
            results: list.results.map((server) =>
              server.id === serverId ? { ...server, status: result.server.status ?? RESTORING } : server,
            ),
          },
      );
      // The backups list says who restored from which backup; so does the activity panel.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: serverKeys.all }),
        queryClient.invalidateQueries({ queryKey: backupKeys.all }),
        queryClient.invalidateQueries({ queryKey: eventKeys.all }),
      ]);
    },
  });
}
