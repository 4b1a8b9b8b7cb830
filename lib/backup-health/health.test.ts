import { describe, expect, it } from "vitest";
import { healthCounts, serverHealth, type EffectivePolicy, type HealthBackup } from "@/lib/backup-health/health";

const NOW = new Date("2026-12-02T12:00:00Z");
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000).toISOString();
const policy: EffectivePolicy = { lateAfterHours: 26, checks: true, own: false };
let nextId = 1;
const backup = (status: string, hours: number): HealthBackup => ({ id: nextId++, status, created_at: hoursAgo(hours) });
const health = (
  backups: HealthBackup[],
  options: Partial<{ policy: EffectivePolicy; readable: boolean; now: Date }> = {},
) =>
  serverHealth({
    backups,
    policy: options.policy ?? policy,
    now: options.now ?? NOW,
    readable: options.readable ?? true,
  });

describe("a server's backup health", () => {
  it("is healthy while its latest completed backup is younger than the threshold", () => {
    const result = health([backup("completed", 30), backup("completed", 2)]);
    expect(result).toMatchObject({ state: "healthy", latest_completed_at: hoursAgo(2), late_since: null });
  });

  it("counts any type, and the newest by when it was made, whatever the order", () => {
    const newest = backup("completed", 25);
    expect(health([newest, backup("completed", 40)])).toMatchObject({
      state: "healthy",
      latest_completed_id: newest.id,
    });
  });

  it("is late past the threshold, since the backup's time plus the threshold", () => {
    const result = health([backup("completed", 31)]);
    expect(result).toMatchObject({ state: "late", latest_completed_at: hoursAgo(31), late_since: hoursAgo(5) });
  });

  it("is still healthy exactly at the threshold, and late just after it", () => {
    const made = backup("completed", 26);
    expect(health([made]).state).toBe("healthy");
    expect(health([made], { now: new Date(NOW.getTime() + 1) }).state).toBe("late");
  });

  it("follows the threshold in force: a server's own one", () => {
    const made = backup("completed", 31);
    expect(health([made], { policy: { lateAfterHours: 48, checks: true, own: true } })).toMatchObject({
      state: "healthy",
      late_after_hours: 48,
      own_policy: true,
    });
  });

  it("is failing when its latest finished backup failed, even with an older completed one", () => {
    const failed = backup("failed", 1);
    expect(health([backup("completed", 3), failed])).toMatchObject({
      state: "failing",
      failed_id: failed.id,
      failed_at: failed.created_at,
    });
  });

  it("stays failing while a new backup is in progress, and recovers once one completes after the failure", () => {
    const failed = backup("failed", 3);
    expect(health([failed, backup("in_progress", 0)]).state).toBe("failing");
    expect(health([failed, backup("completed", 1)])).toMatchObject({ state: "healthy", failed_at: null });
  });

  it("is never without a completed backup: none at all, or only one in progress", () => {
    expect(health([]).state).toBe("never");
    expect(health([backup("in_progress", 0)])).toMatchObject({ state: "never", latest_completed_at: null });
  });

  it("is failing, not never, when its only backup failed", () => {
    expect(health([backup("failed", 2)]).state).toBe("failing");
  });

  it("is unknown while VPS.org cannot be read, keeping what the last picture said", () => {
    expect(health([backup("completed", 31)], { readable: false })).toMatchObject({
      state: "unknown",
      latest_completed_at: hoursAgo(31),
    });
  });

  it("is off when an admin turned its checks off, whatever its backups", () => {
    expect(health([backup("failed", 1)], { policy: { ...policy, checks: false } }).state).toBe("off");
    expect(health([], { policy: { ...policy, checks: false }, readable: false }).state).toBe("off");
  });

  it("ignores a backup whose time it cannot read rather than taking it for the newest", () => {
    const readable = backup("completed", 2);
    expect(health([{ id: 999, status: "completed", created_at: "not a date" }, readable]).latest_completed_id).toBe(
      readable.id,
    );
  });
});

describe("health counts", () => {
  it("count every state, zero included", () => {
    expect(healthCounts([{ state: "late" }, { state: "late" }, { state: "healthy" }])).toEqual({
      healthy: 1,
      late: 2,
      failing: 0,
      never: 0,
      unknown: 0,
      off: 0,
    });
  });
});
