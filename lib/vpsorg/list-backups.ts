import "server-only";
import { sortNewestFirst, type Backup, type BackupFilters } from "@/lib/backups/schemas";
import { upstreamBackupSchema } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** GET /backups/ — every page, newest first. */
export async function listBackups(vpsorg: VpsorgTransport, filters: BackupFilters = {}): Promise<Backup[]> {
  const backups = await vpsorg.listAll(
    "/backups/",
    { server_id: filters.server_id, backup_type: filters.backup_type },
    upstreamBackupSchema,
  );
  return sortNewestFirst(backups);
}
