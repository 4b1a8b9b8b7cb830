import type { Backup } from "@/lib/backups/schemas";

// Which listed backup a create made when the dashboard never heard VPS.org's answer (its instance
// stopped while it asked): the rule shared by a retry with the create's Idempotency-Key and by the
// account watcher's reconciliation of the audit log.

/** VPS.org's timestamps have whole seconds, and its clock is not ours: a backup this much older still counts. */
export const CREATE_CLOCK_SKEW_MS = 5_000;

export interface InterruptedCreate {
  serverId: number;
  /** As the create was asked (none: VPS.org stores ""). */
  description: string | null | undefined;
  /** When the attempt began: the backup was made after it. */
  startedAt: Date;
}

/**
 * A manual backup of the same server with the same description, created when the attempt started or
 * after (less CREATE_CLOCK_SKEW_MS), that `claimed` does not say another create made; the oldest such.
 */
export function matchInterruptedCreate(
  backups: readonly Backup[],
  create: InterruptedCreate,
  claimed: (backupId: number) => boolean = () => false,
): Backup | null {
  const since = Math.floor(create.startedAt.getTime() / 1000) * 1000 - CREATE_CLOCK_SKEW_MS;
  const description = create.description ?? "";
  const candidates = backups
    .filter(
      (backup) =>
        backup.server.id === create.serverId &&
        backup.backup_type === "manual" &&
        backup.description === description &&
        Date.parse(backup.created_at) >= since &&
        !claimed(backup.id),
    )
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id);
  return candidates[0] ?? null;
}
