import "server-only";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** DELETE /backups/{id}/ — permanent. */
export async function deleteBackup(vpsorg: VpsorgTransport, backupId: number): Promise<void> {
  await vpsorg.send({ method: "DELETE", path: `/backups/${backupId}/` }, { allowNonJson: true });
}
