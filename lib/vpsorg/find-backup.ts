import "server-only";
import type { Backup } from "@/lib/backups/schemas";
import { listBackups } from "@/lib/vpsorg/list-backups";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/**
 * The backup with this id from the provider's list (shared with the page's polls through the read
 * cache), or null when it is not listed or the list cannot be read. VPS.org has no endpoint for one
 * backup; this only tells the audit log which server and description a delete or restore concerns,
 * so a failure here never stops the action itself.
 */
export async function findBackup(vpsorg: VpsorgTransport, backupId: number): Promise<Backup | null> {
  try {
    return (await listBackups(vpsorg)).find((backup) => backup.id === backupId) ?? null;
  } catch {
    return null;
  }
}
