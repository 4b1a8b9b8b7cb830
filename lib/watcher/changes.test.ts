import { describe, expect, it } from "vitest";
import type { Backup } from "@/lib/backups/schemas";
import type { Server } from "@/lib/servers/schemas";
import { changesBetween, isBusy, type Picture } from "@/lib/watcher/changes";

const now = new Date("2026-12-02T10:00:00Z");
const context = { now, deletedThroughDashboard: new Map() };

const backup = (id: number, status: string, extra: Partial<Backup> = {}): Backup => ({
  id,
  server: { id: 1, name: "web" },
  backup_type: "manual",
  status,
  size_mb: status === "completed" ? 120 : null,
  created_at: "2026-12-02T09:00:00Z",
  expires_at: null,
  description: `backup ${id}`,
  ...extra,
});

const server = (id: number, status: string | null): Server => ({
  id,
  name: `server-${id}`,
  status,
  hostname: null,
  ip_address: null,
  location: null,
  plan: null,
  os: null,
});

const picture = (backups: Backup[], servers: Server[] = [server(1, "active")]): Picture => ({ backups, servers });
const kinds = (previous: Picture | null, next: Picture, ctx = context) =>
  changesBetween(previous, next, ctx).map((event) => [event.kind, event.backupId ?? event.serverId]);

describe("changesBetween", () => {
  it("has no events for the first poll: it is the baseline", () => {
    expect(kinds(null, picture([backup(1, "completed")]))).toEqual([]);
  });

  it("tells a backup's start, completion and failure", () => {
    const start = picture([backup(2, "in_progress")]);
    expect(kinds(picture([]), start)).toEqual([["backup.started", 2]]);
    expect(kinds(start, picture([backup(2, "completed")]))).toEqual([["backup.completed", 2]]);
    expect(kinds(start, picture([backup(2, "failed")]))).toEqual([["backup.failed", 2]]);
    const [completed] = changesBetween(start, picture([backup(2, "completed")]), context);
    expect(completed).toMatchObject({
      at: now.toISOString(),
      serverId: 1,
      serverName: "web",
      detail: { from: "in_progress", to: "completed", size_mb: 120, description: "backup 2" },
    });
  });

  it("tells a backup that started and finished between two polls as both", () => {
    expect(kinds(picture([]), picture([backup(3, "completed")]))).toEqual([
      ["backup.started", 3],
      ["backup.completed", 3],
    ]);
  });

  it("tells a vanished backup as deleted through the dashboard (by whom), expired, or deleted elsewhere", () => {
    const before = picture([
      backup(4, "completed"),
      backup(5, "completed", { backup_type: "automatic", expires_at: "2026-12-02T09:59:00Z" }),
      backup(6, "completed"),
    ]);
    const deletions = new Map([[4, { email: "lan@example.com", at: "2026-12-02T09:58:00Z" }]]);
    const events = changesBetween(before, picture([]), { now, deletedThroughDashboard: deletions });
    expect(events.map((event) => [event.kind, event.backupId, event.actorEmail, event.detail.by ?? null])).toEqual([
      ["backup.deleted", 4, "lan@example.com", "dashboard"],
      ["backup.expired", 5, null, null],
      ["backup.deleted", 6, null, "elsewhere"],
    ]);
  });

  it("tells a server's restore, its end, other status changes, and servers added or removed", () => {
    const before = picture([], [server(1, "active"), server(2, "restoring"), server(3, "active"), server(4, "active")]);
    const after = picture([], [server(1, "restoring"), server(2, "active"), server(3, "stopped"), server(5, "active")]);
    expect(kinds(before, after)).toEqual([
      ["server.restoring", 1],
      ["server.restored", 2],
      ["server.status_changed", 3],
      ["server.added", 5],
      ["server.removed", 4],
    ]);
  });

  it("takes an unknown server status (a token without the Servers API) as no change", () => {
    expect(kinds(picture([], [server(1, null)]), picture([], [server(1, "active")]))).toEqual([]);
  });
});

describe("isBusy", () => {
  it("is true while a backup runs or a server restores", () => {
    expect(isBusy(picture([backup(1, "completed")]))).toBe(false);
    expect(isBusy(picture([backup(1, "in_progress")]))).toBe(true);
    expect(isBusy(picture([], [server(1, "restoring")]))).toBe(true);
  });
});
