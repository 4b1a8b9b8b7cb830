import "server-only";
import { upstreamBackupSchema, type UpstreamBackup } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** The provider's own filters of GET /backups/. */
export interface UpstreamBackupFilters {
  server_id?: number;
  backup_type?: string;
}

/** GET /backups/ — every page, in the provider's order. */
export function listBackups(vpsorg: VpsorgTransport, filters: UpstreamBackupFilters = {}): Promise<UpstreamBackup[]> {
  return vpsorg.listAll(
    "/backups/",
    { server_id: filters.server_id, backup_type: filters.backup_type },
    upstreamBackupSchema,
  );
}
