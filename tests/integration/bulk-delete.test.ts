import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backupListSchema, bulkDeleteResultSchema, type BulkDeleteItem } from "@/lib/backups/schemas";
import { CANARIES } from "../canary";
import {
  addFault,
  api,
  apiAs,
  clearFaults,
  clearRequestLog,
  control,
  expectError,
  jsonRequest,
  resetSimulator,
  seenResponses,
  upstreamRequests,
  type Caller,
} from "./helpers";
import { ADMIN } from "./app-process";

// Issue 13 §3, bulk delete, over real HTTP against the simulator: POST /api/backups/bulk-delete
// deletes each backup in turn as DELETE /api/backups/{id} would — one audited backup.delete per
// backup, a protected one refused without asking VPS.org, each outcome in the answer — and a body
// that does not parse changes nothing.

interface Entry {
  action: string;
  outcome: "attempt" | "success" | "failure";
  actor: { email: string } | null;
  target: { serverId: string | null; serverName: string | null; backupId: string | null; description: string | null };
  error: { code: string; message: string } | null;
}

const UNKNOWN = 987_654_321;
/** Backups this file protected: the protection outlives the simulator's reset, so it is undone at the end. */
const protectedHere = new Set<number>();
let server: { id: number; name: string };

beforeAll(async () => {
  await resetSimulator();
  server = (await control("servers", { name: `bulk-${Date.now()}` })) as { id: number; name: string };
});

beforeEach(async () => {
  await clearRequestLog();
});

afterEach(async () => {
  await clearFaults();
});

afterAll(async () => {
  for (const id of protectedHere) await api(`/api/backups/${id}/protection`, jsonRequest("PUT", { protected: false }));
  await resetSimulator();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

/** A completed backup of the test's server, made at the simulator (automatic: no quota to mind). */
async function newBackup(description: string): Promise<number> {
  return ((await control("automatic-backups", { server_id: server.id, description })) as { id: number }).id;
}

const bulkDelete = (body: unknown, caller: Caller = "admin", headers: Record<string, string> = {}) =>
  apiAs(caller, "/api/backups/bulk-delete", jsonRequest("POST", body, headers));

async function listedIds(): Promise<number[]> {
  const result = await api(`/api/backups?server_id=${server.id}`);
  return backupListSchema.parse(result.body).results.map((backup) => backup.id);
}

/** This backup's delete entries, oldest first. */
async function deleteEntries(backupId: number): Promise<Entry[]> {
  const result = await apiAs("viewer", `/api/audit?action=backup.delete&backup_id=${backupId}`);
  expect(result.status, result.text).toBe(200);
  return (result.body as { entries: Entry[] }).entries.reverse();
}

const upstreamDeletes = async () =>
  (await upstreamRequests()).filter((request) => request.method === "DELETE").map((request) => request.path);

describe("bulk delete with mixed outcomes", () => {
  it("deletes each in turn, refuses the protected one, answers each outcome and audits each backup once", async () => {
    const [first, guarded, failing, last] = [
      await newBackup("bulk first"),
      await newBackup("bulk protected"),
      await newBackup("bulk provider fails"),
      await newBackup("bulk last"),
    ];
    const protectedAt = await api(`/api/backups/${guarded}/protection`, jsonRequest("PUT", { protected: true }));
    expect(protectedAt.status, protectedAt.text).toBe(200);
    protectedHere.add(guarded);
    // VPS.org fails this one delete (once), as a provider error.
    await addFault({ mode: "error", status: 500, method: "DELETE", path: `/backups/${failing}/`, times: 1 });
    await clearRequestLog();

    const ids = [first, guarded, UNKNOWN, failing, last];
    const result = await bulkDelete({ backup_ids: ids });
    expect(result.status, result.text).toBe(200);
    expect(result.headers.get("cache-control")).toBe("no-store");
    const { results } = bulkDeleteResultSchema.parse(result.body);
    expect(results.map((item) => [item.backup_id, item.outcome, item.code])).toEqual([
      [first, "deleted", undefined],
      [guarded, "refused", "backup_protected"],
      [UNKNOWN, "failed", "not_found"],
      [failing, "failed", "provider_unavailable"],
      [last, "deleted", undefined],
    ]);
    const byId = new Map<number, BulkDeleteItem>(results.map((item) => [item.backup_id, item]));
    expect(byId.get(guarded)?.message).toContain(`protected (by ${ADMIN.email}`);
    expect(byId.get(guarded)?.message).toContain("unprotect it");
    expect(byId.get(failing)?.message).toMatch(/^VPS\.org failed \(status 500\)/);
    expect(byId.get(first)).toEqual({ backup_id: first, outcome: "deleted" });

    // One DELETE at VPS.org per backup it was asked about, in the order given, none for the protected one.
    expect(await upstreamDeletes()).toEqual([first, UNKNOWN, failing, last].map((id) => `/api/v1/backups/${id}/`));
    const left = await listedIds();
    expect(left).toEqual(expect.arrayContaining([guarded, failing]));
    expect(left).not.toContain(first);
    expect(left).not.toContain(last);

    // Each backup has its own backup.delete on record: an attempt and its outcome, as the admin.
    const expected: [number, Partial<Entry>][] = [
      [first, { outcome: "success", error: null }],
      [guarded, { outcome: "failure", error: expect.objectContaining({ code: "backup_protected" }) }],
      [UNKNOWN, { outcome: "failure", error: expect.objectContaining({ code: "not_found" }) }],
      [failing, { outcome: "failure", error: expect.objectContaining({ code: "provider_unavailable" }) }],
      [last, { outcome: "success", error: null }],
    ];
    for (const [id, outcome] of expected) {
      const entries = await deleteEntries(id);
      expect(entries, `backup ${id}`).toHaveLength(2);
      expect(entries[0]).toMatchObject({ outcome: "attempt", actor: { email: ADMIN.email } });
      expect(entries[1]).toMatchObject({ ...outcome, actor: { email: ADMIN.email } });
      if (id !== UNKNOWN)
        expect(entries[1]?.target).toMatchObject({ serverId: String(server.id), serverName: server.name });
    }
    expect((await deleteEntries(first))[1]?.target.description).toBe("bulk first");
  });

  it("stops sending once VPS.org rate-limits: the rest are answered and on record, not sent", async () => {
    const ids = [
      await newBackup("bulk limited 1"),
      await newBackup("bulk limited 2"),
      await newBackup("bulk limited 3"),
    ];
    await addFault({ mode: "rate_limit", retry_after: 7, method: "DELETE", path: "/backups/", times: 1 });
    await clearRequestLog();

    const result = await bulkDelete({ backup_ids: ids });
    expect(result.status, result.text).toBe(200);
    const { results } = bulkDeleteResultSchema.parse(result.body);
    expect(results.map((item) => [item.outcome, item.code])).toEqual([
      ["failed", "rate_limited"],
      ["failed", "rate_limited"],
      ["failed", "rate_limited"],
    ]);
    expect(results[0]?.message).toContain("try again in 7 s");
    expect(results[1]?.message).toMatch(/^Not sent to VPS\.org, after an earlier backup of this request failed: /);
    expect(await upstreamDeletes()).toEqual([`/api/v1/backups/${ids[0]}/`]);
    expect(await listedIds()).toEqual(expect.arrayContaining(ids));
    for (const id of ids) {
      const entries = await deleteEntries(id);
      expect(entries.map((entry) => [entry.outcome, entry.error?.code ?? null])).toEqual([
        ["attempt", null],
        ["failure", "rate_limited"],
      ]);
    }
  });

  it("answers a repeat with the same Idempotency-Key from the first, without asking VPS.org again", async () => {
    const id = await newBackup("bulk once");
    const key = { "Idempotency-Key": `bulk-${Date.now()}` };
    const first = await bulkDelete({ backup_ids: [id] }, "admin", key);
    expect(first.status, first.text).toBe(200);
    const again = await bulkDelete({ backup_ids: [id] }, "admin", key);
    expect(again.status).toBe(200);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(again.body).toEqual({ results: [{ backup_id: id, outcome: "deleted" }] });
    expect(await upstreamDeletes()).toEqual([`/api/v1/backups/${id}/`]);
    expect(await deleteEntries(id)).toHaveLength(2);
    expectError(await bulkDelete({ backup_ids: [id, UNKNOWN] }, "admin", key), "idempotency_key_reused", 422);
  });
});

describe("a bulk delete that cannot be done", () => {
  const tooMany = Array.from({ length: 100 }, (_, i) => i + 1);
  // Each body but the empty ones names a backup that exists (`id`), which must stay.
  const bodies: [string, (id: number) => unknown, RegExp][] = [
    [
      "101 ids",
      (id) => ({ backup_ids: [id, ...tooMany] }),
      /at most 100 backups at once; send the rest in another request/,
    ],
    [
      "a duplicate",
      (id) => ({ backup_ids: [id, 12, id] }),
      /backup_ids names \d+ more than once; name each backup once/,
    ],
    ["an id that is text", (id) => ({ backup_ids: [id, "12"] }), /backup_ids\.1: each backup id must be a number/],
    [
      "an id that is not whole",
      (id) => ({ backup_ids: [id, 1.5] }),
      /backup_ids\.1: each backup id must be a whole number/,
    ],
    ["a negative id", (id) => ({ backup_ids: [id, -3] }), /each backup id must be a positive whole number/],
    ["an empty list", () => ({ backup_ids: [] }), /backup_ids must name at least one backup/],
    ["no list", () => ({}), /backup_ids is required/],
    ["a list that is not one", (id) => ({ backup_ids: String(id) }), /backup_ids must be a list of backup ids/],
    ["another field", (id) => ({ backup_ids: [id], force: true }), /unknown body field: force/],
  ];

  it.each(bodies)("refuses %s with 400 saying why, and changes nothing", async (_name, body, message) => {
    const id = await newBackup("bulk kept");
    await clearRequestLog();
    const error = expectError(await bulkDelete(body(id)), "invalid_input", 400);
    expect(error.message).toMatch(message);
    expect(await upstreamDeletes()).toEqual([]);
    expect(await listedIds()).toContain(id);
    expect(await deleteEntries(id)).toEqual([]);
  });

  it.each(["viewer", "operator"] as const)("refuses a %s with 403, deleting nothing", async (role) => {
    const id = await newBackup(`bulk ${role}`);
    await clearRequestLog();
    const error = expectError(await bulkDelete({ backup_ids: [id] }, role), "forbidden", 403);
    expect(error.message).toContain(`Your role (${role})`);
    expectError(await bulkDelete({ backup_ids: [id] }, "anonymous"), "unauthenticated", 401);
    expect(await upstreamDeletes()).toEqual([]);
    expect(await listedIds()).toContain(id);
  });
});
