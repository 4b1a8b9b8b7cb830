import "server-only";
import type { BackupFilters } from "@/lib/backups/inputs";
import type { BackupList } from "@/lib/backups/schemas";
import { accountBackups } from "@/lib/backups/server/account-backups";
import { withActors } from "@/lib/backups/server/with-actors";
import type { Store } from "@/lib/store/store";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** The list `GET /api/backups` answers (every page, newest first, with who acted), for the route and the page's first render. */
export async function loadBackupList(
  store: Store,
  upstream: VpsorgTransport,
  filters: BackupFilters,
): Promise<BackupList> {
  const results = await withActors(store, await accountBackups(upstream, filters));
  return { count: results.length, results };
}
