import { request } from "node:http";

import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  type BackupBody,
  type PageBody,
  type TestSimulator,
  T0,
  json,
  listAllBackups,
  startTestSimulator,
} from "./test-client";

const DAY = 86_400_000;
const BACKUP_DURATION = 20_000;
const WEB = 12345;
const DB = 12346;
const STAGING = 12347;

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ backupDurationMs: BACKUP_DURATION });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.clock.now = T0;
  expect((await sim.control("/reset", { method: "POST" })).status).toBe(200);
});

async function page(query = ""): Promise<PageBody<BackupBody>> {
  const res = await sim.api(`/backups/${query}`);
  expect(res.status).toBe(200);
  return json<PageBody<BackupBody>>(res);
}

async function create(body: unknown): Promise<Response> {
  return sim.api("/backups/", { method: "POST", body });
}

async function createOk(serverId: number, description?: string): Promise<BackupBody> {
  const res = await create(description === undefined ? { server_id: serverId } : { server_id: serverId, description });
  expect(res.status).toBe(201);
  return json<BackupBody>(res);
}

async function backupById(id: number): Promise<BackupBody | undefined> {
  return (await listAllBackups(sim)).find((b) => b.id === id);
}

describe("GET /backups/", () => {
  it("lists backups with the documented fields, grouped by server and not sorted by date", async () => {
    const all = await listAllBackups(sim);
    expect(all.length).toBeGreaterThanOrEqual(50);
    expect(all.length).toBeLessThanOrEqual(80);
    const first = all[0];
    expect(first).toEqual({
      id: expect.any(Number),
      server: { id: WEB, name: "web-server-01" },
      backup_type: expect.stringMatching(/^(manual|automatic)$/),
      status: "completed",
      size_mb: expect.any(Number),
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      expires_at: expect.stringMatching(/Z$/),
      description: expect.any(String),
    });
    const serverOrder = all.map((b) => b.server.id);
    expect(serverOrder).toEqual([...serverOrder].sort((a, b) => a - b));
    const dates = all.map((b) => b.created_at);
    expect(dates).not.toEqual([...dates].sort());
    expect(dates).not.toEqual([...dates].sort().reverse());
  });

  it("filters by server_id and backup_type", async () => {
    const web = await page(`?server_id=${WEB}`);
    expect(web.results.every((b) => b.server.id === WEB)).toBe(true);
    const manual = await page(`?server_id=${DB}&backup_type=manual`);
    expect(manual.count).toBe(10);
    expect(manual.results.every((b) => b.backup_type === "manual" && b.expires_at === null)).toBe(true);
    const automatic = await page("?backup_type=automatic&page_size=ignored");
    expect(automatic.results.every((b) => b.backup_type === "automatic" && b.expires_at !== null)).toBe(true);
    expect((await page("?server_id=99999")).count).toBe(0);
    expect((await page("?server_id=")).count).toBe((await page()).count);
  });

  it("validates the filters", async () => {
    let res = await sim.api("/backups/?server_id=abc");
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ server_id: ["A valid integer is required."] });
    res = await sim.api("/backups/?backup_type=weekly");
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({
      backup_type: ["Select a valid choice. weekly is not one of the available choices."],
    });
    res = await sim.api("/backups/?server_id=1.5&backup_type=x");
    expect(Object.keys(await json(res)).sort()).toEqual(["backup_type", "server_id"]);
  });

  it("paginates DRF-style with absolute links", async () => {
    const count = (await page()).count;
    const pages = Math.ceil(count / 20);
    expect(pages).toBeGreaterThanOrEqual(3);

    const p1 = await page();
    expect(p1.results).toHaveLength(20);
    expect(p1.previous).toBeNull();
    expect(p1.next).toBe(`${sim.apiUrl}/backups/?page=2`);

    const p2 = await page("?page=2");
    expect(p2.previous).toBe(`${sim.apiUrl}/backups/`);
    expect(p2.next).toBe(`${sim.apiUrl}/backups/?page=3`);
    expect(p2.results[0]?.id).not.toBe(p1.results[0]?.id);

    const p3 = await page("?page=3");
    expect(p3.previous).toBe(`${sim.apiUrl}/backups/?page=2`);

    const last = await page(`?page=${pages}`);
    expect(last.next).toBeNull();
    expect(last.results).toHaveLength(count - (pages - 1) * 20);
    expect(await page("?page=last")).toEqual(last);

    const ids = (await listAllBackups(sim)).map((b) => b.id);
    expect(new Set(ids).size).toBe(count);
  });

  it("keeps the other query parameters in the links, keys sorted", async () => {
    await sim.control("/config", { method: "POST", body: { page_size: 3 } });
    const p1 = await page(`?server_id=${DB}&backup_type=manual`);
    expect(p1.next).toBe(`${sim.apiUrl}/backups/?backup_type=manual&page=2&server_id=${DB}`);
    const p2 = await page(`?server_id=${DB}&page=2&backup_type=manual`);
    expect(p2.previous).toBe(`${sim.apiUrl}/backups/?backup_type=manual&server_id=${DB}`);
    expect(p2.next).toBe(`${sim.apiUrl}/backups/?backup_type=manual&page=3&server_id=${DB}`);
  });

  it("builds links from the request's Host header", async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: sim.port,
          path: "/api/v1/backups/",
          headers: { Host: "dashboard.test:8080", Authorization: `Bearer ${sim.token}` },
        },
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve(text));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect((JSON.parse(body) as PageBody<BackupBody>).next).toBe("http://dashboard.test:8080/api/v1/backups/?page=2");
  });

  it.each(["0", "-1", "abc", "99", "1.0"])("answers 404 Invalid page for page=%s", async (p) => {
    const res = await sim.api(`/backups/?page=${p}`);
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: "Invalid page." });
  });

  it("serves an empty first page", async () => {
    const empty = await page("?server_id=12350");
    expect(empty).toEqual({ count: 0, next: null, previous: null, results: [] });
    expect((await page("?server_id=12350&page=1")).count).toBe(0);
    expect((await sim.api("/backups/?server_id=12350&page=2")).status).toBe(404);
  });

  it("hides expired automatic backups", async () => {
    const before = await page(`?server_id=${WEB}&backup_type=automatic`);
    expect(before.count).toBe(14);
    for (const b of before.results) expect(Date.parse(b.expires_at ?? "")).toBeGreaterThan(T0);
    const oldest = before.results.reduce((a, b) => (a.created_at < b.created_at ? a : b));

    sim.clock.advance(DAY);
    const after = await page(`?server_id=${WEB}&backup_type=automatic`);
    expect(after.count).toBe(13);
    expect(after.results.map((b) => b.id)).not.toContain(oldest.id);
    expect((await sim.api(`/backups/${oldest.id}/`, { method: "DELETE" })).status).toBe(404);
    // Manual backups never expire.
    expect((await page(`?server_id=${WEB}&backup_type=manual`)).count).toBe(3);
  });
});

describe("POST /backups/", () => {
  it("creates an in-progress manual backup that completes after the backup duration", async () => {
    const res = await create({ server_id: WEB, description: "Pre-deployment backup" });
    expect(res.status).toBe(201);
    expect(res.headers.get("content-type")).toBe("application/json");
    const created = await json<BackupBody & { message: string }>(res);
    expect(created).toEqual({
      id: expect.any(Number),
      server: { id: WEB, name: "web-server-01" },
      backup_type: "manual",
      status: "in_progress",
      size_mb: null,
      created_at: "2025-01-16T15:45:30Z",
      expires_at: null,
      description: "Pre-deployment backup",
      message: "Backup is being created. This may take several minutes depending on server size.",
    });
    expect(created.id).toBeGreaterThan(
      Math.max(...(await listAllBackups(sim)).filter((b) => b.id !== created.id).map((b) => b.id)),
    );
    expect((await backupById(created.id))?.status).toBe("in_progress");

    sim.clock.advance(BACKUP_DURATION - 1);
    expect((await backupById(created.id))?.status).toBe("in_progress");
    sim.clock.advance(1);
    const done = await backupById(created.id);
    expect(done?.status).toBe("completed");
    expect(Number.isInteger(done?.size_mb)).toBe(true);
    expect(done?.size_mb).toBeGreaterThanOrEqual(800);
    expect(done?.size_mb).toBeLessThanOrEqual(60_000);
  });

  it("defaults the description to an empty string and accepts integer strings", async () => {
    expect((await createOk(WEB)).description).toBe("");
    const fromString = await create({ server_id: String(WEB) });
    expect(fromString.status).toBe(201);
    expect((await json<BackupBody>(fromString)).server.id).toBe(WEB);
  });

  it("uses the configured backup duration", async () => {
    await sim.control("/config", { method: "POST", body: { backup_duration_ms: 0 } });
    expect((await createOk(WEB)).status).toBe("completed");
  });

  it.each([
    [{}, { server_id: ["This field is required."] }],
    ["", { server_id: ["This field is required."] }],
    [{ description: "x" }, { server_id: ["This field is required."] }],
    [{ server_id: "abc" }, { server_id: ["A valid integer is required."] }],
    [{ server_id: 1.5 }, { server_id: ["A valid integer is required."] }],
    [{ server_id: true }, { server_id: ["A valid integer is required."] }],
    [{ server_id: [12345] }, { server_id: ["A valid integer is required."] }],
    [{ server_id: null }, { server_id: ["This field may not be null."] }],
    [
      { server_id: WEB, description: "x".repeat(256) },
      { description: ["Ensure this field has no more than 255 characters."] },
    ],
    [{ server_id: WEB, description: { text: "x" } }, { description: ["Not a valid string."] }],
    [
      { description: "y".repeat(300) },
      { server_id: ["This field is required."], description: ["Ensure this field has no more than 255 characters."] },
    ],
    [[{ server_id: WEB }], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
  ])("refuses %j with 400", async (body, expected) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(expected);
  });

  it("counts characters, not UTF-16 units, for the 255 limit", async () => {
    expect((await create({ server_id: WEB, description: "🙂".repeat(255) })).status).toBe(201);
    expect((await create({ server_id: WEB, description: "東".repeat(256) })).status).toBe(400);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await create("{not json");
    expect(res.status).toBe(400);
    expect((await json<{ detail: string }>(res)).detail).toMatch(/^JSON parse error - /);
  });

  it("answers 404 for an unknown server", async () => {
    const res = await create({ server_id: 99999 });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: "Server not found." });
  });

  it("enforces at most 10 manual backups per server, whatever their status", async () => {
    const quota = {
      non_field_errors: [
        "Maximum of 10 manual backups reached for this server. Delete an existing manual backup first.",
      ],
    };
    let res = await create({ server_id: DB });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(quota);

    // web-server-01 has 3: add a failing one, in-progress ones, up to 10.
    await createOk(WEB, "[fail] broken");
    for (let i = 0; i < 6; i++) await createOk(WEB, `batch ${i}`);
    res = await create({ server_id: WEB });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(quota);

    // Deleting one frees a slot.
    const manual = (await listAllBackups(sim, `?server_id=${WEB}&backup_type=manual`))[0];
    expect((await sim.api(`/backups/${manual?.id}/`, { method: "DELETE" })).status).toBe(204);
    expect((await create({ server_id: WEB })).status).toBe(201);
  });

  it("fails a backup whose description contains [fail]", async () => {
    const created = await createOk(STAGING, "nightly [fail] please");
    expect(created.status).toBe("in_progress");
    sim.clock.advance(BACKUP_DURATION);
    expect(await backupById(created.id)).toMatchObject({ status: "failed", size_mb: null });
  });

  it("fails the next n backups with fail_next_backups", async () => {
    const config = await json(await sim.control("/config", { method: "POST", body: { fail_next_backups: 2 } }));
    expect(config.fail_next_backups).toBe(2);
    const a = await createOk(WEB);
    const b = await createOk(WEB);
    const c = await createOk(WEB);
    expect((await json(await sim.control("/config"))).fail_next_backups).toBe(0);
    sim.clock.advance(BACKUP_DURATION);
    expect((await backupById(a.id))?.status).toBe("failed");
    expect((await backupById(b.id))?.status).toBe("failed");
    expect((await backupById(c.id))?.status).toBe("completed");
  });

  it("completes the seeded in-progress backup after the backup duration", async () => {
    const running = (await listAllBackups(sim)).filter((b) => b.status === "in_progress");
    expect(running).toHaveLength(1);
    expect(running[0]).toMatchObject({
      backup_type: "manual",
      server: { id: STAGING },
      size_mb: null,
      description: "デプロイ前のバックアップ",
    });
    sim.clock.advance(BACKUP_DURATION);
    expect((await backupById(running[0]?.id ?? 0))?.status).toBe("completed");
  });
});

describe("DELETE /backups/{id}/", () => {
  it("deletes with 204 and an empty body, then 404", async () => {
    const target = (await page(`?server_id=${WEB}`)).results[0];
    const res = await sim.api(`/backups/${target?.id}/`, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    expect(res.headers.get("content-type")).toBeNull();
    expect(await backupById(target?.id ?? 0)).toBeUndefined();

    const again = await sim.api(`/backups/${target?.id}/`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect(await json(again)).toEqual({ detail: "Not found." });
  });

  it("answers 404 for an unknown backup and needs auth", async () => {
    expect((await sim.api("/backups/999999/", { method: "DELETE" })).status).toBe(404);
    expect((await sim.api("/backups/401/", { method: "DELETE", token: "bad" })).status).toBe(401);
    expect((await sim.api("/backups/401/", { method: "GET" })).status).toBe(405);
  });
});
