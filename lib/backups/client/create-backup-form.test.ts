import { describe, expect, it } from "vitest";
import { hasErrors, validateCreateBackupForm } from "@/lib/backups/client/create-backup-form";

const servers = new Map([
  [1, { name: "web-server-01", summary: { manualCount: 3, manualLimit: 10, quotaFull: false } }],
  [2, { name: "db-primary", summary: { manualCount: 10, manualLimit: 10, quotaFull: true } }],
]);

describe("validateCreateBackupForm", () => {
  it("accepts a server with room and an optional description", () => {
    expect(validateCreateBackupForm({ serverId: "1", description: "" }, servers)).toEqual({});
    expect(hasErrors(validateCreateBackupForm({ serverId: "1", description: "x".repeat(255) }, servers))).toBe(false);
  });

  it("asks for a server", () => {
    expect(validateCreateBackupForm({ serverId: "", description: "" }, servers).serverId).toMatch(/choose/i);
    expect(validateCreateBackupForm({ serverId: "99", description: "" }, servers).serverId).toMatch(/choose/i);
  });

  it("refuses a server whose manual quota is full, saying why", () => {
    expect(validateCreateBackupForm({ serverId: "2", description: "" }, servers).serverId).toBe(
      "db-primary already has 10 of 10 manual backups. Delete one of them first.",
    );
  });

  it("refuses a description over 255 characters", () => {
    const errors = validateCreateBackupForm({ serverId: "1", description: "x".repeat(256) }, servers);
    expect(errors.description).toBe("The description is 256 characters long; the limit is 255.");
    expect(hasErrors(errors)).toBe(true);
  });
});
