import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditPageSchema, type AuditEntry } from "@/lib/audit/schemas";
import {
  addUser,
  api,
  apiAs,
  clearRequestLog,
  expectError,
  jsonRequest,
  signedInCookie,
  upstreamRequests,
} from "./helpers";

// Issue "Hardening" #5: refused attempts at a create, delete or restore (a role without the
// permission, a cross-site request, a body that does not parse) are on record — who, what, why —
// and a flood of them writes a bounded number of entries (the first of each minute, then a summary).

const EVIL = "https://evil.example";

async function refusals(action: string, code: string): Promise<AuditEntry[]> {
  const result = await api(`/api/audit?action=${action}&page_size=500`);
  expect(result.status).toBe(200);
  return auditPageSchema.parse(result.body).entries.filter((entry) => entry.error?.code === code);
}

// Users of this file's own: refusals are counted per (action, code, who, address) and minute, so
// other files' refusals in the same minute must not stand in for these.
const callers: Record<"viewer" | "operator" | "admin", { email: string; cookie: string }> = {} as never;

beforeAll(async () => {
  for (const role of ["viewer", "operator", "admin"] as const) {
    const user = await addUser(role, undefined, `refused-${role}`);
    callers[role] = { email: user.email, cookie: await signedInCookie(user.email, user.password) };
  }
});

beforeEach(async () => {
  await clearRequestLog();
});

const as = (role: keyof typeof callers, path: string, init: RequestInit = {}) =>
  apiAs({ cookie: callers[role].cookie }, path, init);

describe("refused attempts on the audited routes", () => {
  it("records a viewer's DELETE (403): who, which backup, why", async () => {
    const backupId = 990_001;
    expectError(await as("viewer", `/api/backups/${backupId}`, { method: "DELETE" }), "forbidden", 403);
    const [entry] = (await refusals("backup.delete", "forbidden")).filter(
      (item) => item.target.backupId === String(backupId),
    );
    expect(entry).toMatchObject({ outcome: "failure", actor: { email: callers.viewer.email } });
    expect(entry?.error?.message).toMatch(/Refused: Your role \(viewer\) does not allow this/);
    expect(entry?.ip).not.toBeNull();
    expect(await upstreamRequests()).toEqual([]);
  });

  it("records a cross-site POST (403 csrf_rejected), naming the site", async () => {
    expectError(
      await as("admin", "/api/backups", jsonRequest("POST", { server_id: 12345 }, { Origin: EVIL })),
      "csrf_rejected",
      403,
    );
    const entries = await refusals("backup.create", "csrf_rejected");
    expect(
      entries.some((entry) => entry.actor?.email === callers.admin.email && entry.error?.message.includes(EVIL)),
    ).toBe(true);
    expect(await upstreamRequests()).toEqual([]);
  });

  it.each([
    ["POST /api/backups", "/api/backups", "backup.create", jsonRequest("POST", { server_id: "web" })],
    ["POST /api/servers/{id}/restore", "/api/servers/12345/restore", "server.restore", jsonRequest("POST", {})],
    ["DELETE /api/backups/{id}", "/api/backups/1.5", "backup.delete", { method: "DELETE" }],
  ])("records an invalid %s (400)", async (_name, path, action, init) => {
    const before = (await refusals(action, "invalid_input")).length;
    expectError(await as("admin", path, init), "invalid_input", 400);
    expect((await refusals(action, "invalid_input")).length).toBe(before + 1);
    expect(await upstreamRequests()).toEqual([]);
  });

  it("writes a bounded number of entries for a flood: 40 refused deletes in a row", async () => {
    const backupId = 990_002;
    const flood = await Promise.all(
      Array.from({ length: 40 }, () => as("operator", `/api/backups/${backupId}`, { method: "DELETE" })),
    );
    expect(flood.every((result) => result.status === 403)).toBe(true);
    const written = (await refusals("backup.delete", "forbidden")).filter(
      (entry) => entry.target.backupId === String(backupId),
    );
    // The first of the minute (and, if the flood crossed a minute, one summary and the next first).
    expect(written.length).toBeGreaterThanOrEqual(1);
    expect(written.length).toBeLessThanOrEqual(3);
  });
});
