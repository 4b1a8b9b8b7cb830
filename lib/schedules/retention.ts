import type { Backup } from "@/lib/backups/schemas";
import { MANUAL_BACKUP_QUOTA } from "@/lib/schedules/limits";

// Which backups a schedule's retention keeps and deletes on one server: the rule, free of the store
// and of VPS.org, so it is tested on its own (retention.test.ts). Only this schedule's own completed
// backups are ever candidates: never one a person made, never another schedule's, never a protected one.

/** Who made each backup of the server, as the dashboard knows it. */
export interface Ownership {
  /** Backups this schedule made. */
  own: ReadonlySet<number>;
  /** Backups other schedules made. */
  otherSchedules: ReadonlySet<number>;
  /** Protected backups (lib/backups/server/protection.ts). */
  protected: ReadonlySet<number>;
}

export interface RetentionPlan {
  /** This schedule's completed, unprotected backups that stay, newest first. */
  keep: Backup[];
  /** This schedule's completed, unprotected backups beyond the newest `keepLast`, newest first. */
  delete: Backup[];
  /** Backups retention never touches. */
  untouched: { by_people: number; by_other_schedules: number; protected: number };
}

const newestFirst = (a: Backup, b: Backup) => Date.parse(b.created_at) - Date.parse(a.created_at) || b.id - a.id;

/** The server's manual backups, split by who may delete them. */
function candidates(backups: readonly Backup[], owners: Ownership) {
  const manual = backups.filter((backup) => backup.backup_type === "manual");
  const own = manual
    .filter((backup) => owners.own.has(backup.id) && !owners.protected.has(backup.id) && backup.status === "completed")
    .sort(newestFirst);
  const untouched = {
    by_people: manual.filter(
      (b) => !owners.own.has(b.id) && !owners.otherSchedules.has(b.id) && !owners.protected.has(b.id),
    ).length,
    by_other_schedules: manual.filter((b) => owners.otherSchedules.has(b.id) && !owners.protected.has(b.id)).length,
    protected: manual.filter((b) => owners.protected.has(b.id)).length,
  };
  return { manual, own, untouched };
}

/**
 * After one of this schedule's backups completed: the newest `keepLast` of its own completed,
 * unprotected backups of the server stay, the older ones go.
 */
export function planRetention(backups: readonly Backup[], owners: Ownership, keepLast: number): RetentionPlan {
  const { own, untouched } = candidates(backups, owners);
  return { keep: own.slice(0, keepLast), delete: own.slice(keepLast), untouched };
}

export type RoomPlan =
  /** Under the quota: nothing to free. */
  | { kind: "fits"; manualCount: number }
  /** At the quota: this schedule's oldest completed backup goes first, so the new one fits. */
  | { kind: "make_room"; manualCount: number; backup: Backup }
  /** At the quota, and nothing of this schedule's may go: the run fails on this server. */
  | { kind: "quota_full"; manualCount: number; message: string };

/**
 * Before a run creates a backup on a server holding `MANUAL_BACKUP_QUOTA` manual backups: one of this
 * schedule's own may go to make room — its oldest completed, unprotected one, and only when another
 * completed one of its own stays (a backup that then fails must not leave the schedule with none).
 * Anyone else's backup never goes: then the run fails on this server, and says why.
 */
export function planRoom(backups: readonly Backup[], owners: Ownership): RoomPlan {
  const { manual, own } = candidates(backups, owners);
  const manualCount = manual.length;
  if (manualCount < MANUAL_BACKUP_QUOTA) return { kind: "fits", manualCount };
  if (own.length >= 2) return { kind: "make_room", manualCount, backup: own[own.length - 1]! };
  const others = manualCount - own.length;
  const message =
    own.length === 1
      ? `The server has ${manualCount} manual backups, VPS.org's limit; this schedule's only completed backup is kept until a newer one completes, and the other ${others} are not this schedule's to delete (made by people, by other schedules, protected or not completed). Delete or unprotect one to make room.`
      : `The server has ${manualCount} manual backups, VPS.org's limit, and none of them is this schedule's to delete (made by people, by other schedules, protected or not completed). Delete or unprotect one to make room.`;
  return { kind: "quota_full", manualCount, message };
}

/**
 * What the next run would do, for the preview: the room it makes first, then — its backup one of the
 * newest `keepLast` once it completes — which of the existing ones stay and which go.
 */
export function previewRetention(
  backups: readonly Backup[],
  owners: Ownership,
  keepLast: number,
): RetentionPlan & { room: RoomPlan } {
  const room = planRoom(backups, owners);
  if (room.kind === "quota_full") return { ...planRetention(backups, owners, backups.length), room };
  const remaining = room.kind === "make_room" ? backups.filter((backup) => backup.id !== room.backup.id) : backups;
  return { ...planRetention(remaining, owners, keepLast - 1), room };
}
