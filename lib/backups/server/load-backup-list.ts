import "server-only";
import { matchesFilters } from "@/lib/backups/backup-filters";
import type { BackupFilters } from "@/lib/backups/inputs";
import type { BackupList, ListedBackup } from "@/lib/backups/schemas";
import { accountBackups } from "@/lib/backups/server/account-backups";
import { withActors } from "@/lib/backups/server/with-actors";
import type { Store } from "@/lib/store/store";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { freshnessOf, servingSnapshot, snapshotAnswerETag } from "@/lib/watcher/serving";

/**
 * The list `GET /api/backups` answers (every page, newest first, with who acted), for the route and
 * the page's first render: the watcher's picture filtered, with its ETag, or read from VPS.org
 * directly when nobody watches (lib/watcher/serving.ts).
 */
export async function loadBackupList(
  store: Store,
  upstream: VpsorgTransport,
  filters: BackupFilters,
): Promise<{ list: BackupList; etag: string | null }> {
  const snapshot = await servingSnapshot(store.db);
  if (!snapshot) {
    const results = await withActors(store.db, await accountBackups(upstream, filters));
    return { list: { count: results.length, results, ...freshnessOf(null) }, etag: null };
  }
  const results = snapshot.backups.filter((backup) => matchesFilters(backup, filters));
  return {
    list: { count: results.length, results, ...freshnessOf(snapshot) },
    etag: snapshotAnswerETag(snapshot, "backups", filters),
  };
}

/**
 * One backup as the list would answer it (from the watcher's picture, or VPS.org's list without a
 * watcher), or null when the account has no such backup. A list that cannot be read throws.
 */
export async function listedBackup(
  store: Store,
  upstream: VpsorgTransport,
  backupId: number,
): Promise<ListedBackup | null> {
  const snapshot = await servingSnapshot(store.db);
  const backups = snapshot ? snapshot.backups : await withActors(store.db, await accountBackups(upstream));
  return backups.find((backup) => backup.id === backupId) ?? null;
}
