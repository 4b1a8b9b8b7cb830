import { isCompleted, isInProgress } from "@/lib/backups/backup-status";
import { MANUAL_BACKUP_LIMIT } from "@/lib/backups/limits";
import type { Backup } from "@/lib/backups/schemas";
import type { Server } from "@/lib/servers/schemas";

// Every server's backup health, computed from the unfiltered backups list.

export interface ServerBackupSummary {
  /** Manual backups count against the provider's quota whatever their status. */
  manualCount: number;
  manualLimit: number;
  quotaFull: boolean;
  backupCount: number;
  inProgressCount: number;
  /** The newest completed backup, by creation time. */
  lastCompleted: Backup | null;
  /** Sum of the known sizes; in-progress backups have none yet. */
  totalSizeMb: number;
}

export function emptySummary(): ServerBackupSummary {
  return {
    manualCount: 0,
    manualLimit: MANUAL_BACKUP_LIMIT,
    quotaFull: false,
    backupCount: 0,
    inProgressCount: 0,
    lastCompleted: null,
    totalSizeMb: 0,
  };
}

export function summarizeByServer(backups: readonly Backup[]): Map<number, ServerBackupSummary> {
  const summaries = new Map<number, ServerBackupSummary>();
  for (const backup of backups) {
    let summary = summaries.get(backup.server.id);
    if (!summary) {
      summary = emptySummary();
      summaries.set(backup.server.id, summary);
    }
    summary.backupCount += 1;
    if (backup.backup_type === "manual") summary.manualCount += 1;
    if (isInProgress(backup)) summary.inProgressCount += 1;
    if (backup.size_mb !== null) summary.totalSizeMb += backup.size_mb;
    if (
      isCompleted(backup) &&
      (summary.lastCompleted === null || Date.parse(backup.created_at) > Date.parse(summary.lastCompleted.created_at))
    ) {
      summary.lastCompleted = backup;
    }
  }
  for (const summary of summaries.values()) summary.quotaFull = summary.manualCount >= summary.manualLimit;
  return summaries;
}

/** A server as the page shows it; `status` is null when the token may not read the Servers API. */
export type ServerEntry = Pick<Server, "id" | "name" | "status" | "health">;

/**
 * The servers to show: the Servers API's list when there is one, plus any server named only in
 * the backups (so a backup never points at a server missing from the picker), sorted by name.
 */
export function serverEntries(
  servers: readonly Server[] | undefined,
  backups: readonly Backup[] | undefined,
): ServerEntry[] {
  const byId = new Map<number, ServerEntry>();
  for (const server of servers ?? [])
    byId.set(server.id, { id: server.id, name: server.name, status: server.status, health: server.health });
  for (const { server } of backups ?? []) {
    if (!byId.has(server.id)) byId.set(server.id, { id: server.id, name: server.name, status: null });
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
