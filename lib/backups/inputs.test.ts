import { describe, expect, it } from "vitest";
import { backupFiltersSchema, createBackupInputSchema } from "@/lib/backups/inputs";
import { sortNewestFirst } from "@/lib/backups/server/account-backups";

describe("backup filters", () => {
  it("parses both filters from query text", () => {
    expect(backupFiltersSchema.parse({ server_id: "12345", backup_type: "manual" })).toEqual({
      server_id: 12345,
      backup_type: "manual",
    });
  });
  it("refuses an unknown backup type and unknown parameters", () => {
    expect(backupFiltersSchema.safeParse({ backup_type: "weekly" }).error?.issues[0]?.message).toBe(
      "backup_type must be manual or automatic",
    );
    expect(backupFiltersSchema.safeParse({ page: "2" }).error?.issues[0]?.code).toBe("unrecognized_keys");
  });
});

describe("create backup input", () => {
  it("accepts a server and an optional description", () => {
    expect(createBackupInputSchema.parse({ server_id: 1 })).toEqual({ server_id: 1 });
    expect(createBackupInputSchema.parse({ server_id: 1, description: "Pre-update" })).toEqual({
      server_id: 1,
      description: "Pre-update",
    });
  });
  it("refuses a description over 255 characters", () => {
    expect(createBackupInputSchema.safeParse({ server_id: 1, description: "x".repeat(256) }).success).toBe(false);
    expect(createBackupInputSchema.safeParse({ server_id: 1, description: "é".repeat(255) }).success).toBe(true);
  });
  it("refuses unknown fields", () => {
    expect(createBackupInputSchema.safeParse({ server_id: 1, backup_type: "automatic" }).success).toBe(false);
  });
});

describe("sortNewestFirst", () => {
  it("orders by creation time, newest first, then by id", () => {
    const rows = [
      { id: 501, created_at: "2025-01-16T03:00:00Z" },
      { id: 499, created_at: "2025-01-14T10:30:00Z" },
      { id: 495, created_at: "2025-01-15T03:00:00Z" },
      { id: 502, created_at: "2025-01-16T03:00:00Z" },
    ];
    expect(sortNewestFirst(rows).map((row) => row.id)).toEqual([502, 501, 495, 499]);
  });
});
