import "server-only";
import type { BackupFilters } from "@/lib/backups/inputs";
import type { Backup, CreatedBackup } from "@/lib/backups/schemas";
import { deleteBackup as deleteOnProvider } from "@/lib/vpsorg/delete-backup";
import { listBackups } from "@/lib/vpsorg/list-backups";
import type { UpstreamBackup, UpstreamCreatedBackup } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

// The provider's backups in the dashboard's shape (lib/backups/schemas.ts).

export function toBackup(backup: UpstreamBackup): Backup {
  const { id, server, backup_type, status, size_mb, created_at, expires_at, description } = backup;
  return {
    id,
    server: { id: server.id, name: server.name },
    backup_type,
    status,
    size_mb,
    created_at,
    expires_at,
    description,
  };
}

export function toCreatedBackup(created: UpstreamCreatedBackup): CreatedBackup {
  return { ...toBackup(created), message: created.message };
}

/** Newest first; the provider does not promise an order. */
export function sortNewestFirst<T extends { id: number; created_at: string }>(backups: T[]): T[] {
  return backups
    .map((backup) => ({ backup, time: Date.parse(backup.created_at) }))
    .sort(
      (a, b) =>
        (Number.isNaN(b.time) ? -Infinity : b.time) - (Number.isNaN(a.time) ? -Infinity : a.time) ||
        b.backup.id - a.backup.id,
    )
    .map(({ backup }) => backup);
}

/** Every backup of the account matching `filters` (all pages), newest first. */
export async function accountBackups(upstream: VpsorgTransport, filters: BackupFilters = {}): Promise<Backup[]> {
  return sortNewestFirst((await listBackups(upstream, filters)).map(toBackup));
}

/**
 * The backup with this id from the provider's list (shared with the page's polls through the read
 * cache), or null when it is not listed or the list cannot be read. VPS.org has no endpoint for one
 * backup; this only tells the audit log which server and description a delete or restore concerns,
 * so a failure here never stops the action itself.
 */
export async function findBackup(upstream: VpsorgTransport, backupId: number): Promise<Backup | null> {
  try {
    return (await accountBackups(upstream)).find((backup) => backup.id === backupId) ?? null;
  } catch {
    return null;
  }
}

/** Deletes a backup at VPS.org, permanently. */
export function deleteBackup(upstream: VpsorgTransport, backupId: number): Promise<void> {
  return deleteOnProvider(upstream, backupId);
}
