import { describe, expect, it } from "vitest";
import { backupFiltersSchema, bulkDeleteInputSchema, createBackupInputSchema } from "@/lib/backups/inputs";
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

describe("bulk delete input", () => {
  const messages = (body: unknown) => bulkDeleteInputSchema.safeParse(body).error?.issues.map((issue) => issue.message);

  it("takes 1 to 100 distinct backup ids, in the order given", () => {
    expect(bulkDeleteInputSchema.parse({ backup_ids: [501, 499] })).toEqual({ backup_ids: [501, 499] });
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(bulkDeleteInputSchema.parse({ backup_ids: hundred }).backup_ids).toHaveLength(100);
  });
  it("refuses an empty list, more than 100, a missing list and unknown fields, saying what to do", () => {
    expect(messages({ backup_ids: [] })).toEqual(["backup_ids must name at least one backup"]);
    expect(messages({ backup_ids: Array.from({ length: 101 }, (_, i) => i + 1) })).toEqual([
      "backup_ids may name at most 100 backups at once; send the rest in another request",
    ]);
    expect(messages({})).toEqual(["backup_ids is required"]);
    expect(messages({ backup_ids: "501" })).toEqual(["backup_ids must be a list of backup ids"]);
    expect(bulkDeleteInputSchema.safeParse({ backup_ids: [1], force: true }).error?.issues[0]?.code).toBe(
      "unrecognized_keys",
    );
  });
  it("refuses duplicates, naming them, and ids that are not positive whole numbers", () => {
    expect(messages({ backup_ids: [501, 499, 501, 7, 7] })).toEqual([
      "backup_ids names 501, 7 more than once; name each backup once",
    ]);
    const bad = bulkDeleteInputSchema.safeParse({ backup_ids: [501, "499", 1.5, 0] }).error?.issues;
    expect(bad?.map((issue) => [issue.path.join("."), issue.message])).toEqual([
      ["backup_ids.1", "each backup id must be a number"],
      ["backup_ids.2", "each backup id must be a whole number"],
      ["backup_ids.3", "each backup id must be a positive whole number"],
    ]);
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
