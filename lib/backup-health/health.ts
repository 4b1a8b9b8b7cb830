import type { HealthState, ServerHealth } from "@/lib/backup-health/schemas";

// A server's backup health, from the watcher's picture: pure, so the list routes, the server page
// and the notification rules all read the same state from the same backups and policy.
//
// - off: an admin turned this server's checks off;
// - unknown: VPS.org cannot be read now, so the picture may be out of date;
// - failing: the latest finished backup (completed or failed; one in progress does not count yet) failed;
// - never: no completed backup at all;
// - late: the latest completed backup (any type) is older than the threshold;
// - healthy: otherwise.

const HOUR_MS = 60 * 60 * 1000;

/** The fields of a backup health looks at. */
export interface HealthBackup {
  id: number;
  status: string;
  created_at: string;
}

export interface EffectivePolicy {
  lateAfterHours: number;
  checks: boolean;
  /** Whether the threshold is the server's own. */
  own: boolean;
}

export interface HealthInput {
  /** This server's backups, in any order. */
  backups: readonly HealthBackup[];
  policy: EffectivePolicy;
  now: Date;
  /** False while VPS.org cannot be read (the watcher's latest poll failed). */
  readable: boolean;
}

const timeOf = (backup: HealthBackup) => {
  const time = Date.parse(backup.created_at);
  return Number.isNaN(time) ? -Infinity : time;
};

/** The newest of `backups` by when each was made (the higher id on a tie: made later). */
function newest(backups: readonly HealthBackup[]): HealthBackup | null {
  let found: HealthBackup | null = null;
  for (const backup of backups)
    if (!found || timeOf(backup) > timeOf(found) || (timeOf(backup) === timeOf(found) && backup.id > found.id))
      found = backup;
  return found;
}

export function serverHealth({ backups, policy, now, readable }: HealthInput): ServerHealth {
  const latestCompleted = newest(backups.filter((backup) => backup.status === "completed"));
  const latestFinished = newest(
    backups.filter((backup) => backup.status === "completed" || backup.status === "failed"),
  );
  const failed = latestFinished?.status === "failed" ? latestFinished : null;
  const dueBy = latestCompleted ? timeOf(latestCompleted) + policy.lateAfterHours * HOUR_MS : null;
  const late = dueBy !== null && Number.isFinite(dueBy) && now.getTime() > dueBy;

  let state: HealthState;
  if (!policy.checks) state = "off";
  else if (!readable) state = "unknown";
  else if (failed) state = "failing";
  else if (!latestCompleted) state = "never";
  else if (late) state = "late";
  else state = "healthy";

  return {
    state,
    late_after_hours: policy.lateAfterHours,
    own_policy: policy.own,
    latest_completed_at: latestCompleted?.created_at ?? null,
    latest_completed_id: latestCompleted?.id ?? null,
    failed_at: failed?.created_at ?? null,
    failed_id: failed?.id ?? null,
    late_since: late && dueBy !== null ? new Date(dueBy).toISOString() : null,
  };
}

/** How many servers are in each state (every state present, zero included). */
export function healthCounts(healths: readonly { state: HealthState }[]): Record<HealthState, number> {
  const counts: Record<HealthState, number> = { healthy: 0, late: 0, failing: 0, never: 0, unknown: 0, off: 0 };
  for (const health of healths) counts[health.state]++;
  return counts;
}
