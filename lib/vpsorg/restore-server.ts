import "server-only";
import type { RestoreResult } from "@/lib/servers/schemas";
import { upstreamRestoreSchema } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/**
 * POST /servers/{id}/restore/ — undocumented answer: any 2xx, with any JSON body or none, is
 * success; the snapshot-restore shape `{status, message, server}` is read when it is there.
 */
export async function restoreServer(
  vpsorg: VpsorgTransport,
  serverId: number,
  backupId: number,
): Promise<RestoreResult> {
  const response = await vpsorg.send(
    { method: "POST", path: `/servers/${serverId}/restore/`, body: { backup_id: backupId } },
    { allowNonJson: true },
  );
  const parsed = upstreamRestoreSchema.parse(response.body ?? {});
  return {
    status: "success",
    message: parsed.message ?? `VPS.org accepted the restore of backup ${backupId}.`,
    server: {
      id: serverId,
      name: parsed.server?.name ?? null,
      status: parsed.server?.status ?? null,
    },
  };
}
