import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backupListSchema, createdBackupSchema } from "@/lib/backups/schemas";
import { CANARY_TOKEN } from "../canary";
import {
  addFault,
  api,
  cachedAppUrl,
  clearFaults,
  clearRequestLog,
  postJson,
  resetSimulator,
  seenResponses,
  serverWithRoom,
  simulatorList,
  upstreamRequests,
} from "./helpers";

// A team polling the page costs VPS.org about one poller: ETag / 304 on the lists (on the app
// without a cache, so the tag comes from the body), and on the app with the default 2 s cache,
// coalescing and caching counted on the simulator's request log.

const PAGE_SIZE = 3;
const cached = (path: string, init: RequestInit = {}) => api(path, init, cachedAppUrl());

beforeAll(async () => {
  await resetSimulator();
  // The seed starts one manual backup that stays in progress for the simulator's backup duration:
  // let it complete, or an ETag test's two reads can straddle its change of status.
  const deadline = Date.now() + 5000;
  while ((await simulatorList<{ status: string }>("/backups/")).some((backup) => backup.status === "in_progress")) {
    if (Date.now() > deadline) throw new Error("a seeded backup stayed in progress");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

afterEach(async () => {
  await clearFaults();
});

afterAll(async () => {
  await resetSimulator();
  for (const response of seenResponses) expect(response.body + response.headers).not.toContain(CANARY_TOKEN);
});

const backupsListed = async () =>
  (await upstreamRequests()).filter((r) => r.method === "GET" && r.path === "/api/v1/backups/");

describe("ETag and 304 Not Modified", () => {
  it.each(["/api/backups", "/api/servers", "/api/backups?backup_type=manual"])(
    "%s answers 304 with no body when If-None-Match has its ETag",
    async (path) => {
      const first = await api(path);
      expect(first.status).toBe(200);
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{43}"$/); // strong: no W/
      expect(first.headers.get("cache-control")).toBe("private, no-cache");

      const again = await api(path, { headers: { "If-None-Match": etag! } });
      expect(again.status).toBe(304);
      expect(again.text).toBe("");
      expect(again.headers.get("etag")).toBe(etag);
      expect(again.headers.get("cache-control")).toBe("private, no-cache");
    },
  );

  it("answers 200 with a new ETag once the list changed", async () => {
    const before = await api("/api/backups");
    const etag = before.headers.get("etag")!;
    expect((await postJson("/api/backups", { server_id: await serverWithRoom() })).status).toBe(201);
    const after = await api("/api/backups", { headers: { "If-None-Match": etag } });
    expect(after.status).toBe(200);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(backupListSchema.parse(after.body).count).toBe(backupListSchema.parse(before.body).count + 1);
  });
});

describe("fan-in on the server (cache on, default TTL)", () => {
  beforeEach(async () => {
    // Any mutation, even a failed one, empties the cache: start every test from a cold one.
    expect((await cached("/api/backups/999999999", { method: "DELETE" })).status).toBe(404);
    await clearRequestLog();
  });

  it("20 concurrent GET /api/backups make one walk of the provider's list", async () => {
    // Hold the walk's first page for a moment so that all 20 arrive while it is under way.
    await addFault({ mode: "latency", latency_ms: 300, path: "/backups/", times: 1 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => cached("/api/backups")));
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);

    const { count } = backupListSchema.parse(answers[0]!.body);
    const requests = await backupsListed();
    expect(requests).toHaveLength(Math.ceil(count / PAGE_SIZE));
    expect(new Set(requests.map((r) => r.query.page ?? "1")).size).toBe(requests.length); // each page once
  });

  it("a second GET within the TTL asks VPS.org nothing, and neither do the servers' lists", async () => {
    await cached("/api/backups");
    await cached("/api/servers");
    await clearRequestLog();
    expect((await cached("/api/backups")).status).toBe(200);
    expect((await cached("/api/servers")).status).toBe(200);
    expect(await upstreamRequests()).toEqual([]);
  });

  it("after a create, the next GET asks VPS.org and lists the new backup", async () => {
    await cached("/api/backups");
    const result = await postJson("/api/backups", { server_id: await serverWithRoom() }, {}, cachedAppUrl());
    const created = createdBackupSchema.parse(result.body);
    await clearRequestLog();
    const list = backupListSchema.parse((await cached("/api/backups")).body);
    expect(list.results[0]?.id).toBe(created.id);
    expect((await backupsListed()).length).toBeGreaterThan(0);
  });

  it("after a delete, the next GET asks VPS.org and the backup is gone", async () => {
    const { results } = backupListSchema.parse((await cached("/api/backups?backup_type=automatic")).body);
    const victim = results[0]!;
    expect((await cached(`/api/backups/${victim.id}`, { method: "DELETE" })).status).toBe(204);
    await clearRequestLog();
    const list = backupListSchema.parse((await cached("/api/backups?backup_type=automatic")).body);
    expect(list.results.some((b) => b.id === victim.id)).toBe(false);
    expect((await backupsListed()).length).toBeGreaterThan(0);
  });

  it("asks VPS.org again once the TTL (2 s) is over", async () => {
    await cached("/api/backups");
    await clearRequestLog();
    await new Promise((resolve) => setTimeout(resolve, 2100));
    await cached("/api/backups");
    expect((await backupsListed()).length).toBeGreaterThan(0);
  });

  it("keeps nothing that failed: after a 500 the next GET asks again", async () => {
    await addFault({ mode: "error", status: 500, path: "/backups/", times: 3 });
    expect((await cached("/api/backups")).status).toBe(502);
    expect((await cached("/api/backups")).status).toBe(200);
  });
});
