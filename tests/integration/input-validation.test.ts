import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CANARY_TOKEN } from "../canary";
import { api, clearRequestLog, expectError, postJson, seenResponses, upstreamRequests } from "./helpers";

// Every malformed path, query or body is a 400 (or 413/415) in the envelope, and VPS.org never sees it.

const badIds = [
  "..%2Fx",
  "1.5",
  "-1",
  "1e3",
  "0x10",
  "123456789012345678901234567890",
  "abc",
  "0",
  "%201",
  "9007199254740992",
];

beforeEach(async () => {
  await clearRequestLog();
});

afterAll(() => {
  for (const response of seenResponses) expect(response.body + response.headers).not.toContain(CANARY_TOKEN);
});

async function expectNothingReachedProvider() {
  expect(await upstreamRequests()).toEqual([]);
}

describe("GET /api/backups query", () => {
  it.each(badIds)("refuses server_id=%s", async (id) => {
    const error = expectError(await api(`/api/backups?server_id=${id}`), "invalid_input", 400);
    expect(error.message).toMatch(/server_id/);
    await expectNothingReachedProvider();
  });

  it("refuses a backup_type other than manual or automatic", async () => {
    const error = expectError(await api("/api/backups?backup_type=weekly"), "invalid_input", 400);
    expect(error.message).toContain("backup_type must be manual or automatic");
    await expectNothingReachedProvider();
  });

  it("refuses unknown and repeated parameters", async () => {
    expect(expectError(await api("/api/backups?page=2"), "invalid_input", 400).message).toMatch(
      /unknown query field: page/,
    );
    expect(expectError(await api("/api/backups?server_id=1&server_id=2"), "invalid_input", 400).message).toMatch(
      /more than once/,
    );
    await expectNothingReachedProvider();
  });
});

describe("GET /api/events query", () => {
  it.each([
    ["limit=0", /limit must be a whole number from 1 to 100/],
    ["limit=101", /limit must be at most 100/],
    ["limit=ten", /limit must be a whole number from 1 to 100/],
    ["before=-1", /before must be a positive whole number/],
    ["before=1.5", /before must be a positive whole number/],
    ["before=9007199254740992", /before is too large/],
    ["server_id=web-1", /server_id must be a positive whole number/],
    ["page=2", /unknown query field: page/],
    ["limit=1&limit=2", /limit is given more than once/],
  ])("refuses ?%s", async (query, message) => {
    const error = expectError(await api(`/api/events?${query}`), "invalid_input", 400);
    expect(error.message).toMatch(message);
    await expectNothingReachedProvider();
  });
});

describe("POST /api/backups body", () => {
  it.each([
    ["no server_id", { description: "x" }, /server_id/],
    ["server_id as text", { server_id: "12345" }, /server_id must be a number/],
    ["a fractional server_id", { server_id: 1.5 }, /whole number/],
    ["a negative server_id", { server_id: -3 }, /positive/],
    ["a huge server_id", { server_id: 1e30 }, /server_id/],
    ["a 256-character description", { server_id: 1, description: "d".repeat(256) }, /at most 255 characters/],
    ["a description that is not text", { server_id: 1, description: 5 }, /description must be text/],
    ["an unknown field", { server_id: 1, backup_type: "automatic" }, /unknown body field: backup_type/],
    ["an array", [{ server_id: 1 }], /body/],
    ["null", null, /body/],
  ])("refuses %s", async (_name, body, message) => {
    const error = expectError(await postJson("/api/backups", body), "invalid_input", 400);
    expect(error.message).toMatch(message);
    await expectNothingReachedProvider();
  });

  it("names the field of an unknown key in fields", async () => {
    const error = expectError(await postJson("/api/backups", { server_id: 1, sneaky: true }), "invalid_input", 400);
    expect(error.fields).toEqual({ sneaky: ["is not an accepted field"] });
  });

  it("refuses a body that is not JSON", async () => {
    const result = await api("/api/backups", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{server_id: 1",
    });
    expect(expectError(result, "invalid_input", 400).message).toBe("The request body is not valid JSON.");
    await expectNothingReachedProvider();
  });

  it("refuses an empty body", async () => {
    expectError(
      await api("/api/backups", { method: "POST", headers: { "Content-Type": "application/json" }, body: "" }),
      "invalid_input",
      400,
    );
    await expectNothingReachedProvider();
  });

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "refuses Content-Type %s",
    async (type) => {
      const result = await api("/api/backups", {
        method: "POST",
        headers: { "Content-Type": type },
        body: '{"server_id":1}',
      });
      expect(expectError(result, "unsupported_media_type", 415).message).toMatch(/application\/json/);
      await expectNothingReachedProvider();
    },
  );

  it("refuses a body over 16 KiB", async () => {
    const result = await postJson("/api/backups", { server_id: 1, description: "x".repeat(17 * 1024) });
    expectError(result, "payload_too_large", 413);
    await expectNothingReachedProvider();
  });

  it("refuses an oversized body sent without a Content-Length", async () => {
    const big = new TextEncoder().encode(JSON.stringify({ server_id: 1, description: "y".repeat(20 * 1024) }));
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(big);
        controller.close();
      },
    });
    const result = await api("/api/backups", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expectError(result, "payload_too_large", 413);
    await expectNothingReachedProvider();
  });

  it("refuses any query parameter", async () => {
    const result = await api("/api/backups?server_id=1", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: '{"server_id":1}',
    });
    expectError(result, "invalid_input", 400);
    await expectNothingReachedProvider();
  });
});

describe("DELETE /api/backups/{backupId}", () => {
  it.each(badIds)("refuses backupId=%s", async (id) => {
    const error = expectError(await api(`/api/backups/${id}`, { method: "DELETE" }), "invalid_input", 400);
    expect(error.message).toMatch(/backupId/);
    await expectNothingReachedProvider();
  });
});

describe("POST /api/servers/{serverId}/restore", () => {
  it.each(badIds)("refuses serverId=%s", async (id) => {
    const error = expectError(await postJson(`/api/servers/${id}/restore`, { backup_id: 1 }), "invalid_input", 400);
    expect(error.message).toMatch(/serverId/);
    await expectNothingReachedProvider();
  });

  it.each([
    ["no backup_id", {}],
    ["backup_id as text", { backup_id: "501" }],
    ["backup_id 0", { backup_id: 0 }],
    ["an unknown field", { backup_id: 501, force: true }],
  ])("refuses %s", async (_name, body) => {
    expectError(await postJson("/api/servers/12345/restore", body), "invalid_input", 400);
    await expectNothingReachedProvider();
  });
});

describe("GET /api/servers/{serverId}/history", () => {
  it.each(badIds)("refuses serverId=%s", async (id) => {
    const error = expectError(await api(`/api/servers/${id}/history`), "invalid_input", 400);
    expect(error.message).toMatch(/serverId/);
    await expectNothingReachedProvider();
  });

  it.each([
    ["days=0", /days must be a whole number from 1 to 3650/],
    ["days=3651", /days must be at most 3650/],
    ["days=9.5", /days must be a whole number from 1 to 3650/],
    ["days=-3", /days must be a whole number from 1 to 3650/],
    ["days=ninety", /days must be a whole number from 1 to 3650/],
    ["since=2026-01-01", /unknown query field: since/],
    ["days=30&days=90", /days is given more than once/],
  ])("refuses ?%s", async (query, message) => {
    const error = expectError(await api(`/api/servers/12345/history?${query}`), "invalid_input", 400);
    expect(error.message).toMatch(message);
    await expectNothingReachedProvider();
  });
});

describe("other routes", () => {
  it("refuses query parameters on GET /api/servers, GET /api/health and GET /api/live", async () => {
    expectError(await api("/api/servers?status=active"), "invalid_input", 400);
    expectError(await api("/api/health?verbose=1"), "invalid_input", 400);
    expectError(await api("/api/live?deep=1"), "invalid_input", 400);
    await expectNothingReachedProvider();
  });

  it("has no catch-all route forwarding other paths to VPS.org", async () => {
    for (const path of ["/api/account/me", "/api/backups/1/restore", "/api/servers/1", "/api/v1/backups"]) {
      const result = await api(path);
      expect(result.status).toBe(404);
    }
    await expectNothingReachedProvider();
  });
});
