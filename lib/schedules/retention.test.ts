import { describe, expect, it } from "vitest";
import type { Backup } from "@/lib/backups/schemas";
import { MANUAL_BACKUP_QUOTA } from "@/lib/schedules/limits";
import { planRetention, planRoom, previewRetention, type Ownership } from "@/lib/schedules/retention";

/** A backup of server 7, made `day` days into June 2026 (a higher day is newer). */
function backup(id: number, day: number, overrides: Partial<Backup> = {}): Backup {
  return {
    id,
    server: { id: 7, name: "web-1" },
    backup_type: "manual",
    status: "completed",
    size_mb: 1024,
    created_at: new Date(Date.UTC(2026, 5, day, 3)).toISOString(),
    expires_at: null,
    description: `backup ${id}`,
    ...overrides,
  };
}

function owners({
  own = [],
  otherSchedules = [],
  protectedIds = [],
}: { own?: number[]; otherSchedules?: number[]; protectedIds?: number[] } = {}): Ownership {
  return { own: new Set(own), otherSchedules: new Set(otherSchedules), protected: new Set(protectedIds) };
}

const ids = (backups: readonly Backup[]) => backups.map((b) => b.id);

describe("planRetention", () => {
  it("keeps the newest N of its own completed backups and deletes the older ones, newest first", () => {
    // Given out of order: ids 1..5 made on days 1..5.
    const backups = [backup(3, 3), backup(1, 1), backup(5, 5), backup(2, 2), backup(4, 4)];
    const plan = planRetention(backups, owners({ own: [1, 2, 3, 4, 5] }), 3);
    expect(ids(plan.keep)).toEqual([5, 4, 3]);
    expect(ids(plan.delete)).toEqual([2, 1]);
  });

  it("deletes nothing when it has no more than N of its own", () => {
    const plan = planRetention([backup(1, 1), backup(2, 2)], owners({ own: [1, 2] }), 2);
    expect(ids(plan.keep)).toEqual([2, 1]);
    expect(plan.delete).toEqual([]);
  });

  it("orders backups made at the same time by id, the higher id newer", () => {
    const plan = planRetention([backup(10, 1), backup(11, 1), backup(12, 1)], owners({ own: [10, 11, 12] }), 1);
    expect(ids(plan.keep)).toEqual([12]);
    expect(ids(plan.delete)).toEqual([11, 10]);
  });

  it("never deletes a backup a person made, even with many of them and keepLast 1", () => {
    const byPeople = Array.from({ length: 8 }, (_, i) => backup(100 + i, i + 1));
    const mine = [backup(1, 20), backup(2, 21)];
    const plan = planRetention([...byPeople, ...mine], owners({ own: [1, 2] }), 1);
    expect(ids(plan.keep)).toEqual([2]);
    expect(ids(plan.delete)).toEqual([1]);
    expect(plan.untouched.by_people).toBe(8);
  });

  it("never deletes another schedule's backups", () => {
    const plan = planRetention(
      [backup(1, 1), backup(2, 2), backup(3, 3), backup(4, 4)],
      owners({ own: [3, 4], otherSchedules: [1, 2] }),
      1,
    );
    expect(ids(plan.delete)).toEqual([3]);
    expect(plan.untouched.by_other_schedules).toBe(2);
  });

  it("never deletes a protected backup of its own, and does not count it toward keepLast", () => {
    // Own: 1 (protected, oldest), 2, 3, 4; keep 2 → 4 and 3 stay, 2 goes, 1 is left alone.
    const backups = [backup(1, 1), backup(2, 2), backup(3, 3), backup(4, 4)];
    const plan = planRetention(backups, owners({ own: [1, 2, 3, 4], protectedIds: [1] }), 2);
    expect(ids(plan.keep)).toEqual([4, 3]);
    expect(ids(plan.delete)).toEqual([2]);
    expect(plan.untouched.protected).toBe(1);
  });

  it("keeps N unprotected backups besides a protected newest one", () => {
    const backups = [backup(1, 1), backup(2, 2), backup(3, 3), backup(4, 4)];
    const plan = planRetention(backups, owners({ own: [1, 2, 3, 4], protectedIds: [4] }), 2);
    expect(ids(plan.keep)).toEqual([3, 2]);
    expect(ids(plan.delete)).toEqual([1]);
  });

  it("never deletes its own backups that are not completed (in progress, failed)", () => {
    const backups = [
      backup(1, 1, { status: "failed" }),
      backup(2, 2, { status: "in_progress" }),
      backup(3, 3),
      backup(4, 4),
    ];
    const plan = planRetention(backups, owners({ own: [1, 2, 3, 4] }), 1);
    expect(ids(plan.keep)).toEqual([4]);
    expect(ids(plan.delete)).toEqual([3]);
  });

  it("ignores automatic backups entirely: never kept, deleted or counted", () => {
    const backups = [
      backup(1, 1, { backup_type: "automatic" }),
      backup(2, 2, { backup_type: "automatic" }),
      backup(3, 3, { backup_type: "automatic" }),
      backup(4, 4),
      backup(5, 5),
    ];
    // Even if an automatic backup's id were among its own, it is not a candidate.
    const plan = planRetention(backups, owners({ own: [1, 4, 5], protectedIds: [2] }), 1);
    expect(ids(plan.keep)).toEqual([5]);
    expect(ids(plan.delete)).toEqual([4]);
    expect(plan.untouched).toEqual({ by_people: 0, by_other_schedules: 0, protected: 0 });
  });

  it("counts the backups it leaves alone by who made them, a protected one only as protected", () => {
    const backups = [
      backup(1, 1), // person
      backup(2, 2), // person
      backup(3, 3), // person, protected
      backup(4, 4), // other schedule
      backup(5, 5), // other schedule, protected
      backup(6, 6), // own, protected
      backup(7, 7), // own
    ];
    const plan = planRetention(backups, owners({ own: [6, 7], otherSchedules: [4, 5], protectedIds: [3, 5, 6] }), 5);
    expect(plan.untouched).toEqual({ by_people: 2, by_other_schedules: 1, protected: 3 });
    expect(ids(plan.keep)).toEqual([7]);
    expect(plan.delete).toEqual([]);
  });
});

describe("planRoom", () => {
  const mine = (count: number, firstId = 1) =>
    Array.from({ length: count }, (_, i) => backup(firstId + i, firstId + i));
  const byPeople = (count: number, firstId = 100) =>
    Array.from({ length: count }, (_, i) => backup(firstId + i, i + 1));

  it("fits under the quota of 10 manual backups", () => {
    expect(MANUAL_BACKUP_QUOTA).toBe(10);
    expect(planRoom([...byPeople(9)], owners())).toEqual({ kind: "fits", manualCount: 9 });
  });

  it("does not count automatic backups toward the quota: 9 manual and 5 automatic fit", () => {
    const automatic = Array.from({ length: 5 }, (_, i) => backup(200 + i, i + 1, { backup_type: "automatic" }));
    expect(planRoom([...byPeople(9), ...automatic], owners())).toEqual({ kind: "fits", manualCount: 9 });
  });

  it("at the quota, makes room by deleting its oldest completed unprotected backup when it has two or more", () => {
    // Own: 1 (protected, oldest), 2 (in progress), 3, 4, 5; 5 by people → 10 manual.
    const backups = [
      backup(1, 1),
      backup(2, 2, { status: "in_progress" }),
      backup(3, 3),
      backup(4, 4),
      backup(5, 5),
      ...byPeople(5),
    ];
    const room = planRoom(backups, owners({ own: [1, 2, 3, 4, 5], protectedIds: [1] }));
    expect(room.kind).toBe("make_room");
    if (room.kind !== "make_room") return;
    expect(room.manualCount).toBe(10);
    expect(room.backup.id).toBe(3);
  });

  it("makes room with exactly two of its own, deleting the older", () => {
    const room = planRoom([...mine(2), ...byPeople(8)], owners({ own: [1, 2] }));
    expect(room).toMatchObject({ kind: "make_room", manualCount: 10, backup: { id: 1 } });
  });

  it("at the quota with only one of its own, fails and says its only backup is kept", () => {
    const room = planRoom([...mine(1), ...byPeople(9)], owners({ own: [1] }));
    expect(room.kind).toBe("quota_full");
    if (room.kind !== "quota_full") return;
    expect(room.manualCount).toBe(10);
    expect(room.message).toMatch(/only completed backup is kept/);
    expect(room.message).toMatch(/the other 9 are not this schedule's/);
  });

  it("at the quota with none of its own (people, another schedule, protected), fails and says none is its own", () => {
    const backups = [...byPeople(4), backup(20, 20), backup(21, 21), backup(22, 22), backup(23, 23), ...mine(2, 30)];
    const room = planRoom(backups, owners({ own: [30, 31], otherSchedules: [20, 21], protectedIds: [22, 23, 30, 31] }));
    expect(room.kind).toBe("quota_full");
    if (room.kind !== "quota_full") return;
    expect(room.manualCount).toBe(10);
    expect(room.message).toMatch(/none of them is this schedule's to delete/);
  });

  it("at the quota with its own backups only in progress or failed, fails: none is completed", () => {
    const backups = [backup(1, 1, { status: "in_progress" }), backup(2, 2, { status: "failed" }), ...byPeople(8)];
    const room = planRoom(backups, owners({ own: [1, 2] }));
    expect(room).toMatchObject({ kind: "quota_full", manualCount: 10 });
  });

  it("never makes room with a backup that is not its own", () => {
    const room = planRoom(byPeople(10), owners());
    expect(room.kind).toBe("quota_full");
  });
});

describe("previewRetention", () => {
  it("leaves the backup deleted to make room out of keep and delete, and keeps keepLast - 1 existing own", () => {
    // 10 own completed (ids 1..10, 1 oldest); keepLast 3: room deletes 1, the run's backup will be one of the newest 3.
    const backups = Array.from({ length: 10 }, (_, i) => backup(i + 1, i + 1));
    const preview = previewRetention(backups, owners({ own: ids(backups) }), 3);
    expect(preview.room).toMatchObject({ kind: "make_room", backup: { id: 1 } });
    expect(ids(preview.keep)).toEqual([10, 9]);
    expect(ids(preview.delete)).toEqual([8, 7, 6, 5, 4, 3, 2]);
    expect([...ids(preview.keep), ...ids(preview.delete)]).not.toContain(1);
  });

  it("keeps keepLast - 1 of its own existing backups when the new one fits", () => {
    const backups = [backup(1, 1), backup(2, 2), backup(3, 3), backup(100, 4)];
    const preview = previewRetention(backups, owners({ own: [1, 2, 3] }), 3);
    expect(preview.room).toEqual({ kind: "fits", manualCount: 4 });
    expect(ids(preview.keep)).toEqual([3, 2]);
    expect(ids(preview.delete)).toEqual([1]);
  });

  it("with keepLast 1, plans to delete all its existing own once the new one completes", () => {
    const preview = previewRetention([backup(1, 1), backup(2, 2)], owners({ own: [1, 2] }), 1);
    expect(preview.keep).toEqual([]);
    expect(ids(preview.delete)).toEqual([2, 1]);
  });

  it("deletes nothing when the quota is full, and keeps its one own backup", () => {
    const backups = [backup(1, 1), ...Array.from({ length: 9 }, (_, i) => backup(100 + i, i + 2))];
    const preview = previewRetention(backups, owners({ own: [1] }), 1);
    expect(preview.room.kind).toBe("quota_full");
    expect(preview.delete).toEqual([]);
    expect(ids(preview.keep)).toEqual([1]);
  });

  it("counts untouched backups in the preview like the plan does", () => {
    const backups = [backup(1, 1), backup(2, 2), backup(3, 3)];
    const preview = previewRetention(backups, owners({ own: [3], otherSchedules: [2] }), 2);
    expect(preview.untouched).toEqual({ by_people: 1, by_other_schedules: 1, protected: 0 });
  });
});
