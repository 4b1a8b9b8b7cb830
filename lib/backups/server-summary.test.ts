import { describe, expect, it } from "vitest";
import type { Backup } from "@/lib/backups/schemas";
import { serverEntries, summarizeByServer } from "@/lib/backups/server-summary";
import type { Server } from "@/lib/servers/schemas";

let nextId = 1;
function backup(fields: Partial<Backup> & { serverId?: number } = {}): Backup {
  const { serverId = 1, ...rest } = fields;
  return {
    id: nextId++,
    server: { id: serverId, name: `server-${serverId}` },
    backup_type: "manual",
    status: "completed",
    size_mb: 1000,
    created_at: "2026-11-20T10:00:00Z",
    expires_at: null,
    description: "",
    ...rest,
  };
}

function server(id: number, name: string, status: string | null = "active"): Server {
  return { id, name, status, hostname: null, ip_address: null, location: null, plan: null, os: null };
}

describe("summarizeByServer", () => {
  it("counts manual backups of any status against the quota of 10", () => {
    const backups = [
      ...Array.from({ length: 8 }, () => backup()),
      backup({ status: "in_progress", size_mb: null }),
      backup({ status: "failed" }),
      backup({ backup_type: "automatic", expires_at: "2026-12-01T00:00:00Z" }),
    ];
    const summary = summarizeByServer(backups).get(1);
    expect(summary?.manualCount).toBe(10);
    expect(summary?.manualLimit).toBe(10);
    expect(summary?.quotaFull).toBe(true);
    expect(summary?.backupCount).toBe(11);
    expect(summary?.inProgressCount).toBe(1);
  });

  it("leaves room below the quota", () => {
    const summary = summarizeByServer(Array.from({ length: 9 }, () => backup())).get(1);
    expect(summary?.quotaFull).toBe(false);
  });

  it("finds the newest completed backup whatever the order, ignoring newer unfinished ones", () => {
    const newest = backup({ created_at: "2026-11-25T03:00:00Z", backup_type: "automatic" });
    const backups = [
      backup({ created_at: "2026-11-21T03:00:00Z" }),
      backup({ created_at: "2026-11-26T03:00:00Z", status: "in_progress", size_mb: null }),
      backup({ created_at: "2026-11-26T04:00:00Z", status: "failed" }),
      newest,
      backup({ created_at: "2026-11-22T03:00:00Z" }),
    ];
    expect(summarizeByServer(backups).get(1)?.lastCompleted).toBe(newest);
  });

  it("adds the known sizes and keeps servers apart", () => {
    const summaries = summarizeByServer([
      backup({ size_mb: 812 }),
      backup({ size_mb: 4523 }),
      backup({ size_mb: null, status: "in_progress" }),
      backup({ serverId: 2, size_mb: 100 }),
    ]);
    expect(summaries.get(1)?.totalSizeMb).toBe(5335);
    expect(summaries.get(2)?.totalSizeMb).toBe(100);
    expect(summaries.get(3)).toBeUndefined();
  });
});

describe("serverEntries", () => {
  it("keeps servers without backups and adds servers named only in backups, sorted by name", () => {
    const entries = serverEntries(
      [server(2, "web"), server(3, "empty-box")],
      [backup({ serverId: 2 }), backup({ serverId: 9 })],
    );
    expect(entries).toEqual([
      { id: 3, name: "empty-box", status: "active" },
      { id: 9, name: "server-9", status: null },
      { id: 2, name: "web", status: "active" },
    ]);
  });

  it("works from the backups alone while the servers are unknown", () => {
    expect(serverEntries(undefined, [backup({ serverId: 4 }), backup({ serverId: 4 })])).toEqual([
      { id: 4, name: "server-4", status: null },
    ]);
  });
});
