import { describe, expect, it } from "vitest";
import { backupsLivePoll } from "@/lib/backups/client/get-backups";
import type { BackupList, ListedBackup } from "@/lib/backups/schemas";

const backup = (status: string): ListedBackup => ({
  id: 1,
  server: { id: 1, name: "web" },
  backup_type: "manual",
  status,
  size_mb: null,
  created_at: "2026-11-26T03:00:00Z",
  expires_at: null,
  description: "",
  created_by: null,
  restored_by: null,
});

const list = (...results: ListedBackup[]): BackupList => ({
  count: results.length,
  results,
  snapshot_at: null,
  error: null,
});

describe("backupsLivePoll", () => {
  it("polls every 3 s while a backup is in progress", () => {
    expect(backupsLivePoll(list(backup("completed"), backup("in_progress")))).toBe(3_000);
  });

  it("stops by itself once nothing is running, whatever else the statuses are", () => {
    expect(backupsLivePoll(list(backup("completed"), backup("failed")))).toBe(false);
    expect(backupsLivePoll(list())).toBe(false);
    expect(backupsLivePoll(undefined)).toBe(false);
  });

  it("polls every 3 s while VPS.org cannot be read, to show its recovery soon", () => {
    const failing = { code: "provider_unavailable", message: "down", since: "2026-11-26T03:00:00Z" };
    expect(backupsLivePoll({ ...list(backup("completed")), error: failing })).toBe(3_000);
  });
});
