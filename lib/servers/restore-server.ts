import { useMutation, useQueryClient } from "@tanstack/react-query";
import { backupKeys } from "@/lib/backups/query-keys";
import { fetchJson } from "@/lib/http/fetch-json";
import { nullable, number, object, oneOf, parser, string, type Reader } from "@/lib/http/json-shape";
import { getServersQueryOptions, RESTORING } from "@/lib/servers/get-servers";
import { serverKeys } from "@/lib/servers/query-keys";
import type { RestoreResult } from "@/lib/servers/schemas";

// POST /api/servers/{id}/restore — the provider stops the server and overwrites its disk.

const readRestoreResult: Reader<RestoreResult> = object({
  status: oneOf(["success"]),
  message: string,
  server: object({ id: number, name: nullable(string), status: nullable(string) }),
});
const restoreResultParser = parser(readRestoreResult);

export interface RestoreServerInput {
  serverId: number;
  backupId: number;
}

export function restoreServer({ serverId, backupId }: RestoreServerInput): Promise<RestoreResult> {
  return fetchJson(`/api/servers/${encodeURIComponent(String(serverId))}/restore`, restoreResultParser, {
    method: "POST",
    body: { backup_id: backupId },
  });
}

export function useRestoreServer() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: restoreServer,
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
      // The backups list says who restored from which backup.
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: serverKeys.all }),
        queryClient.invalidateQueries({ queryKey: backupKeys.all }),
      ]);
    },
  });
}
