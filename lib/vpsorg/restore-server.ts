import "server-only";
import { upstreamRestoreSchema, type UpstreamRestore } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/**
 * POST /servers/{id}/restore/ — undocumented answer: any 2xx, with any JSON body or none, is
 * success; the snapshot-restore shape `{status, message, server}` is read when it is there.
 */
export async function restoreServer(
  vpsorg: VpsorgTransport,
  serverId: number,
  backupId: number,
): Promise<UpstreamRestore> {
  const response = await vpsorg.send(
    { method: "POST", path: `/servers/${serverId}/restore/`, body: { backup_id: backupId } },
    { allowNonJson: true },
  );
  return upstreamRestoreSchema.parse(response.body ?? {});
}
