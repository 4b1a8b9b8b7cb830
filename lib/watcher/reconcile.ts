import "server-only";
import type { Kysely } from "kysely";
import {
  advanceSettledThrough,
  createdBackupClaims,
  lastEntryBefore,
  openAttempts,
  settledThrough,
  type AttemptedAction,
} from "@/lib/audit/server/audit-attempts";
import { recordOutcome } from "@/lib/audit/server/audit-log";
import type { AuditEntry } from "@/lib/audit/schemas";
import type { AuditEntryInput } from "@/lib/audit/server/audit-entry";
import { matchInterruptedCreate } from "@/lib/backups/interrupted-create";
import type { Database } from "@/lib/db/schema";
import { readSnapshot, type Snapshot } from "@/lib/watcher/snapshot";

// The audit log's interrupted attempts, settled by the watcher's holder: an `attempt` entry of a
// create, delete or restore that no outcome names belongs to a request whose instance stopped before
// VPS.org answered (a crash, a kill, a lost database at the wrong moment). Past a grace period that
// no live request outlasts, the watcher looks for what it did — the backup in the picture, the backup
// gone from it, the server's restore among the events — and appends `reconciled`; when nothing shows
// it by a timeout, `unknown`, saying the dashboard could not tell. The log stays append-only: each
// attempt gets one outcome entry, whoever writes it first (a unique index on `attempt_id`), so a
// retry's recovery and this, or two holders during a takeover, never both append one.

/** How often the holder reconciles. */
export const RECONCILE_EVERY_MS = 30_000;
/**
 * An attempt younger than this may still wait for VPS.org's answer: left alone. Longer than one
 * request to VPS.org may take (VPSORG_TIMEOUT_MS, at most 120 s; creates, deletes and restores are
 * never retried).
 */
export const RECONCILE_GRACE_MS = 3 * 60_000;
/** An attempt nothing has settled by this age is recorded `unknown`. */
export const RECONCILE_UNKNOWN_AFTER_MS = 15 * 60_000;
const BATCH = 200;
/** The dashboard's instances' clocks differ a little: an event this much before the attempt still counts. */
const CLOCK_SLACK_MS = 5_000;

export interface ReconcileOptions {
  now?: Date;
  graceMs?: number;
  unknownAfterMs?: number;
}

export interface ReconcileResult {
  /** The outcome entries written by this pass. */
  written: AuditEntry[];
  /** Attempts past the grace period that are still open (waiting for a trace, or for the timeout). */
  open: number;
}

/** What the picture and the events say of one attempt. */
type Finding = { outcome: "reconciled"; learned?: AuditEntryInput["target"] } | { outcome: "unknown"; why: string };

const pastTense: Record<AttemptedAction, string> = {
  "backup.create": "made the backup",
  "backup.delete": "deleted the backup",
  "server.restore": "started the restore",
};

/** One pass over the open attempts; run by the watcher's holder only. */
export async function reconcileAuditLog(
  db: Kysely<Database>,
  options: ReconcileOptions = {},
): Promise<ReconcileResult> {
  const now = options.now ?? new Date();
  const graceMs = options.graceMs ?? RECONCILE_GRACE_MS;
  const unknownAfterMs = options.unknownAfterMs ?? RECONCILE_UNKNOWN_AFTER_MS;
  const cutoff = new Date(now.getTime() - graceMs);

  const through = await settledThrough(db);
  const open = await openAttempts(db, { afterId: through, limit: BATCH });
  const due = open.filter((attempt) => Date.parse(attempt.createdAt) <= cutoff.getTime());
  const written: AuditEntry[] = [];
  const settled = new Set<number>();
  if (due.length > 0) {
    const snapshot = await readSnapshot(db);
    const claimed = await claimedBackups(db, snapshot, due);
    for (const attempt of due) {
      const finding = await examine(db, attempt, snapshot, claimed, now, unknownAfterMs);
      if (!finding) continue;
      const entry = await recordOutcome(
        db,
        attempt.id,
        {
          actor: attempt.actor,
          // A schedule's create stays the schedule's when it is found afterwards.
          via: attempt.via,
          action: attempt.action as AttemptedAction,
          target: { ...targetOf(attempt), ...(finding.outcome === "reconciled" ? finding.learned : {}) },
          // Written by no request: the attempt's entry has the address it came from.
          ip: null,
          outcome: finding.outcome === "reconciled" ? "reconciled" : { unknown: finding.why },
        },
        now,
      );
      settled.add(attempt.id);
      if (entry) written.push(entry);
    }
  }

  // Next time, start after the attempts known settled: not past one still open (or not looked at),
  // nor past entries so recent that one with a lower id may not be committed yet.
  const stillOpen = open.filter((attempt) => !settled.has(attempt.id));
  const bounds = [(await lastEntryBefore(db, cutoff)) ?? through];
  if (stillOpen.length > 0) bounds.push(stillOpen[0]!.id - 1);
  if (open.length === BATCH) bounds.push(open.at(-1)!.id);
  await advanceSettledThrough(db, Math.min(...bounds));

  return { written, open: due.filter((attempt) => !settled.has(attempt.id)).length };
}

/** The backups a create through the dashboard is on record as having made, of the servers `due` creates concern. */
async function claimedBackups(
  db: Kysely<Database>,
  snapshot: Snapshot | null,
  due: AuditEntry[],
): Promise<Set<number>> {
  const servers = new Set(due.filter((a) => a.action === "backup.create").map((a) => a.target.serverId));
  const candidates = (snapshot?.backups ?? []).filter(
    (backup) => backup.backup_type === "manual" && servers.has(String(backup.server.id)),
  );
  const claims = await createdBackupClaims(
    db,
    candidates.map((backup) => backup.id),
  );
  return new Set(claims.keys());
}

async function examine(
  db: Kysely<Database>,
  attempt: AuditEntry,
  snapshot: Snapshot | null,
  /** Grows as this pass settles creates: one backup settles one attempt. */
  claimed: Set<number>,
  now: Date,
  unknownAfterMs: number,
): Promise<Finding | null> {
  const action = attempt.action as AttemptedAction;
  const startedAt = new Date(attempt.createdAt);
  const { serverId, backupId } = attempt.target;
  // Only a successful poll that ended after the attempt began can show that something is gone.
  const polledSince = snapshot?.confirmedAt != null && Date.parse(snapshot.confirmedAt) > startedAt.getTime();
  let why: string;

  if (action === "backup.create") {
    const backup =
      snapshot && serverId !== null
        ? matchInterruptedCreate(
            snapshot.backups,
            { serverId: Number(serverId), description: attempt.target.description, startedAt },
            (id) => claimed.has(id),
          )
        : null;
    if (backup) {
      claimed.add(backup.id);
      return { outcome: "reconciled", learned: { backupId: backup.id, serverName: backup.server.name } };
    }
    why = "no backup of this server with this description made since is listed";
  } else if (action === "backup.delete") {
    const listed = snapshot?.backups.some((backup) => String(backup.id) === backupId) ?? false;
    if (polledSince && !listed) return { outcome: "reconciled" };
    why = listed ? "the backup is still listed" : "the watcher has not seen the account since";
  } else {
    if (serverId !== null && (await restoreSeen(db, Number(serverId), startedAt))) return { outcome: "reconciled" };
    why = "the watcher saw no restore of this server since";
  }

  if (now.getTime() - startedAt.getTime() < unknownAfterMs) return null;
  const minutes = Math.round(unknownAfterMs / 60_000);
  return {
    outcome: "unknown",
    why:
      `The dashboard could not tell whether VPS.org ${pastTense[action]}: the dashboard instance that asked ` +
      `stopped before VPS.org answered, and ${minutes} minute${minutes === 1 ? "" : "s"} later ${why}. Check at VPS.org.`,
  };
}

/** Whether the watcher saw the server restoring, or restored, since the attempt began. */
async function restoreSeen(db: Kysely<Database>, serverId: number, since: Date): Promise<boolean> {
  const event = await db
    .selectFrom("account_event")
    .select("id")
    .where("server_id", "=", serverId)
    .where("kind", "in", ["server.restoring", "server.restored"])
    .where("at", ">=", new Date(since.getTime() - CLOCK_SLACK_MS).toISOString())
    .limit(1)
    .executeTakeFirst();
  return event !== undefined;
}

function targetOf(attempt: AuditEntry): NonNullable<AuditEntryInput["target"]> {
  const { serverId, serverName, backupId, description } = attempt.target;
  return {
    ...(serverId !== null && { serverId }),
    ...(serverName !== null && { serverName }),
    ...(backupId !== null && { backupId }),
    ...(description !== null && { description }),
  };
}
