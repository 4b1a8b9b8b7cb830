import "server-only";
import type { BackupFilters, BackupList } from "@/lib/backups/schemas";
import { withActors } from "@/lib/backups/with-actors";
import { getStore } from "@/lib/db/store";
import { listBackups } from "@/lib/vpsorg/list-backups";
import { vpsorg } from "@/lib/vpsorg/server";

/** The list `GET /api/backups` answers (every page, newest first, with who acted), for the route and the page's first render. */
export async function loadBackupList(filters: BackupFilters): Promise<BackupList> {
  const results = await withActors(await getStore(), await listBackups(vpsorg(), filters));
  return { count: results.length, results };
}
