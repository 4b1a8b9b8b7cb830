import "server-only";
import type { RestoreResult } from "@/lib/servers/schemas";
import { restoreServer } from "@/lib/vpsorg/restore-server";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** Asks VPS.org to restore a server from a backup; any 2xx is success, whatever (if anything) it says. */
export async function startRestore(
  upstream: VpsorgTransport,
  serverId: number,
  backupId: number,
): Promise<RestoreResult> {
  const answer = await restoreServer(upstream, serverId, backupId);
  return {
    status: "success",
    message: answer.message ?? `VPS.org accepted the restore of backup ${backupId}.`,
    server: { id: serverId, name: answer.server?.name ?? null, status: answer.server?.status ?? null },
  };
}
