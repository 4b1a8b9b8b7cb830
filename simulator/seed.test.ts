import { describe, expect, it } from "vitest";

import { DAY_MS, MANUAL_BACKUP_LIMIT, backupStatus, isExpired } from "./model";
import { buildSeed } from "./seed";
import {
  type BackupBody,
  type PageBody,
  type ServerBody,
  T0,
  json,
  listAllBackups,
  startTestSimulator,
} from "./test-client";

const DURATION = 20_000;

describe("default seed", () => {
  const seed = buildSeed("default", T0, DURATION);
  const visible = seed.backups.filter((b) => !isExpired(b, T0));
  const byName = (name: string) => {
    const server = seed.servers.find((s) => s.name === name);
    if (!server) throw new Error(`missing ${name}`);
    return { server, backups: visible.filter((b) => b.serverId === server.id) };
  };

  it("is deterministic", () => {
    expect(buildSeed("default", T0, DURATION)).toEqual(seed);
  });

  it("has six servers with ids from 12345 and several locations", () => {
    expect(seed.servers.map((s) => s.id)).toEqual([12345, 12346, 12347, 12348, 12349, 12350]);
    expect(new Set(seed.servers.map((s) => s.location)).size).toBeGreaterThanOrEqual(3);
    expect(seed.servers.map((s) => s.name)).toEqual(
      expect.arrayContaining(["web-server-01", "db-primary", "staging-東京", "empty-box"]),
    );
  });

  it("has dozens of listed backups over several weeks, ids starting near 400", () => {
    expect(visible.length).toBeGreaterThanOrEqual(50);
    expect(visible.length).toBeLessThanOrEqual(80);
    expect(Math.min(...seed.backups.map((b) => b.id))).toBe(401);
    const oldest = Math.min(...visible.map((b) => b.createdAtMs));
    expect(T0 - oldest).toBeGreaterThan(21 * DAY_MS);
  });

  it("web-server-01: daily automatic backups at 03:00 UTC, some expired, and 3 manual", () => {
    const web = byName("web-server-01");
    const automatic = seed.backups.filter((b) => b.serverId === web.server.id && b.backupType === "automatic");
    expect(automatic.length).toBeGreaterThanOrEqual(20);
    for (const b of automatic) {
      expect(new Date(b.createdAtMs).toISOString()).toMatch(/T03:00:00\.000Z$/);
      const retentionDays = ((b.expiresAtMs ?? 0) - b.createdAtMs) / DAY_MS;
      expect(retentionDays).toBeGreaterThanOrEqual(7);
      expect(retentionDays).toBeLessThanOrEqual(30);
    }
    expect(automatic.some((b) => isExpired(b, T0))).toBe(true);
    expect(web.backups.filter((b) => b.backupType === "manual")).toHaveLength(3);
  });

  it("db-primary has exactly the manual quota", () => {
    const db = byName("db-primary");
    expect(db.backups.filter((b) => b.backupType === "manual")).toHaveLength(MANUAL_BACKUP_LIMIT);
    expect(db.backups.some((b) => b.backupType === "automatic")).toBe(true);
  });

  it("has non-Latin names and descriptions", () => {
    expect(byName("staging-東京").backups.map((b) => b.description)).toContain("デプロイ前のバックアップ");
    expect(visible.map((b) => b.description)).toContain("резервная копия перед обновлением");
    expect(seed.servers.some((s) => /[\u0370-\u03ff]/.test(s.name))).toBe(true);
  });

  it("has a stopped server with a failed backup, and an empty server", () => {
    const stopped = seed.servers.find((s) => s.status === "stopped");
    const stoppedBackups = visible.filter((b) => b.serverId === stopped?.id);
    expect(stoppedBackups.length).toBeGreaterThanOrEqual(3);
    expect(stoppedBackups.some((b) => backupStatus(b, T0) === "failed")).toBe(true);
    expect(byName("empty-box").backups).toEqual([]);
  });

  it("has exactly one in-progress manual backup, completing after the backup duration", () => {
    const running = visible.filter((b) => backupStatus(b, T0) === "in_progress");
    expect(running).toHaveLength(1);
    const [backup] = running;
    if (!backup) throw new Error("no running backup");
    expect(backup.backupType).toBe("manual");
    expect(backupStatus(backup, T0 + DURATION - 1)).toBe("in_progress");
    expect(backupStatus(backup, T0 + DURATION)).toBe("completed");
  });

  it("gives completed backups plausible integer sizes", () => {
    for (const b of seed.backups) {
      expect(Number.isInteger(b.sizeMb)).toBe(true);
      expect(b.sizeMb).toBeGreaterThanOrEqual(800);
      expect(b.sizeMb).toBeLessThanOrEqual(60_000);
    }
  });

  it("never starts the day's automatic run in the future", () => {
    const early = Date.parse("2025-01-16T01:00:00Z");
    const s = buildSeed("default", early, DURATION);
    expect(Math.max(...s.backups.map((b) => b.createdAtMs))).toBeLessThanOrEqual(early);
    expect(s.backups.filter((b) => backupStatus(b, early) === "in_progress")).toHaveLength(1);
  });
});

describe("empty seed", () => {
  it("has the servers but no backups", async () => {
    const sim = await startTestSimulator({ seed: "empty" });
    try {
      expect((await json<PageBody<ServerBody>>(await sim.api("/servers/"))).count).toBe(6);
      expect(await json(await sim.api("/backups/"))).toEqual({ count: 0, next: null, previous: null, results: [] });
    } finally {
      await sim.close();
    }
  });
});

describe("large seed", () => {
  it("builds 200 servers and 5,000 listed backups in well under a second", () => {
    const started = performance.now();
    const seed = buildSeed("large", T0, DURATION);
    expect(performance.now() - started).toBeLessThan(500);
    expect(seed.servers).toHaveLength(200);
    expect(seed.backups.filter((b) => !isExpired(b, T0))).toHaveLength(5000);
    const manualPerServer = new Map<number, number>();
    for (const b of seed.backups)
      if (b.backupType === "manual") manualPerServer.set(b.serverId, (manualPerServer.get(b.serverId) ?? 0) + 1);
    expect(Math.max(...manualPerServer.values())).toBeLessThanOrEqual(MANUAL_BACKUP_LIMIT);
  });

  it("serves it paginated", async () => {
    const sim = await startTestSimulator({ seed: "large", pageSize: 100 });
    try {
      const all: BackupBody[] = await listAllBackups(sim);
      expect(all).toHaveLength(5000);
      expect(new Set(all.map((b) => b.id)).size).toBe(5000);
      expect((await json<PageBody<ServerBody>>(await sim.api("/servers/"))).count).toBe(200);
    } finally {
      await sim.close();
    }
  });
});
