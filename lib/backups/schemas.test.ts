import { describe, expect, it } from "vitest";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { backupListSchema } from "@/lib/backups/schemas";
import { userSummarySchema } from "@/lib/users/schemas";

// The one definition of each answer is also the browser's check of it (zod/mini).

const backup = {
  id: 1,
  server: { id: 7, name: "web" },
  backup_type: "manual",
  status: "completed",
  size_mb: null,
  created_at: "2026-11-26T03:00:00Z",
  expires_at: null,
  description: "",
  created_by: null,
  restored_by: { email: "lan@example.com", at: "2026-11-27T03:00:00Z" },
};

describe("answer schemas in the browser", () => {
  it("read a matching answer and drop fields the page does not know", () => {
    const freshness = { snapshot_at: "2026-11-27T03:00:05Z", error: null };
    expect(backupListSchema.parse({ count: 1, extra: true, results: [{ ...backup, more: 2 }], ...freshness })).toEqual({
      count: 1,
      results: [backup],
      ...freshness,
    });
  });

  it("refuse an answer that is not ours, naming the field", () => {
    const result = backupListSchema.safeParse({
      count: 1,
      results: [{ ...backup, id: "1" }],
      snapshot_at: null,
      error: null,
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["results", 0, "id"]);
    expect(
      userSummarySchema.safeParse({ id: "u", email: "e", name: "n", role: "root", disabled: false, createdAt: "" })
        .success,
    ).toBe(false);
  });

  it("make fetchJson answer unexpected_response for a wrong shape", async () => {
    const original = globalThis.fetch;
    globalThis.fetch = async () => Response.json({ count: "many", results: [] });
    try {
      await expect(fetchJson("/api/backups", backupListSchema)).rejects.toMatchObject({ code: "unexpected_response" });
    } finally {
      globalThis.fetch = original;
    }
  });
});
