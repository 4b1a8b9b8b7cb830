import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import {
  type BackupBody,
  type PageBody,
  type ServerBody,
  type TestSimulator,
  T0,
  json,
  listAllBackups,
  startTestSimulator,
} from "./test-client";

const DEFAULT_CONFIG = {
  backup_duration_ms: 20_000,
  restore_duration_ms: 30_000,
  page_size: 20,
  permissions: ["backups:read", "backups:write", "servers:read", "servers:write", "account:read"],
  fail_next_backups: 0,
};

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.clock.now = T0;
  await sim.control("/reset", { method: "POST" });
});

describe("/__control/config", () => {
  it("shows and updates the config partially", async () => {
    expect(await json(await sim.control("/config"))).toEqual(DEFAULT_CONFIG);
    const res = await sim.control("/config", { method: "POST", body: { page_size: 5, fail_next_backups: 1 } });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ ...DEFAULT_CONFIG, page_size: 5, fail_next_backups: 1 });
    expect((await json<PageBody<BackupBody>>(await sim.api("/backups/"))).results).toHaveLength(5);
  });

  it.each([
    { page_size: 0 },
    { backup_duration_ms: -1 },
    { permissions: "servers:read" },
    { fail_next_backups: 1.5 },
    { unknown: 1 },
  ])("refuses %j", async (body) => {
    const res = await sim.control("/config", { method: "POST", body });
    expect(res.status).toBe(400);
    expect(await json(await sim.control("/config"))).toEqual(DEFAULT_CONFIG);
  });

  it("refuses a body that is not a JSON object", async () => {
    expect((await sim.control("/config", { method: "POST", body: "{" })).status).toBe(400);
    expect((await sim.control("/config", { method: "POST", body: [1] })).status).toBe(400);
  });
});

describe("/__control/reset", () => {
  it("reseeds, restores the default config and clears faults and the request log", async () => {
    const before = await listAllBackups(sim);
    await sim.api(`/backups/${before[0]?.id}/`, { method: "DELETE" });
    await sim.api("/backups/", { method: "POST", body: { server_id: 12345 } });
    await sim.control("/config", { method: "POST", body: { page_size: 3 } });
    await sim.control("/faults", { method: "POST", body: { mode: "latency", latency_ms: 1 } });

    const res = await sim.control("/reset", { method: "POST" });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ status: "ok", config: DEFAULT_CONFIG });
    expect(await json(await sim.control("/faults"))).toEqual({ faults: [] });
    expect(await json(await sim.control("/requests"))).toEqual({ requests: [] });
    expect(await listAllBackups(sim)).toEqual(before);
  });

  it("never hands out an id twice, as VPS.org does not: new backups and servers after a reset get new ids", async () => {
    const made = await json<{ id: number }>(await sim.api("/backups/", { method: "POST", body: { server_id: 12345 } }));
    const server = await json<{ id: number }>(
      await sim.control("/servers", { method: "POST", body: { name: "before" } }),
    );
    await sim.control("/reset", { method: "POST" });
    const again = await json<{ id: number }>(
      await sim.api("/backups/", { method: "POST", body: { server_id: 12345 } }),
    );
    const other = await json<{ id: number }>(
      await sim.control("/servers", { method: "POST", body: { name: "after" } }),
    );
    expect(again.id).toBeGreaterThan(made.id);
    expect(other.id).toBeGreaterThan(server.id);
  });

  it("reseeds relative to the current time", async () => {
    sim.clock.advance(3 * 86_400_000);
    await sim.control("/reset", { method: "POST" });
    const running = (await listAllBackups(sim)).filter((b) => b.status === "in_progress");
    expect(running).toHaveLength(1);
    expect(Date.parse(running[0]?.created_at ?? "")).toBe(Math.floor(sim.clock.now / 1000) * 1000);
  });
});

describe("/__control/servers", () => {
  it("adds a server, whatever its name", async () => {
    const name = "<img src=x onerror=alert(1)>";
    const res = await sim.control("/servers", { method: "POST", body: { name } });
    expect(res.status).toBe(201);
    const created = await json<ServerBody & { hostname: string }>(res);
    expect(created).toMatchObject({ name, status: "active", location: "us-west" });
    expect(created.hostname).toMatch(/^[a-z0-9.-]+$/);
    const listed = await json<PageBody<ServerBody>>(await sim.api("/servers/"));
    expect(listed.results.at(-1)).toEqual(created);
    const backup = await json<BackupBody>(
      await sim.api("/backups/", { method: "POST", body: { server_id: created.id } }),
    );
    expect(backup.server).toEqual({ id: created.id, name });
  });

  it("accepts a status and a location, and validates", async () => {
    const created = await json<ServerBody>(
      await sim.control("/servers", { method: "POST", body: { name: "x", status: "stopped", location: "sa-east" } }),
    );
    expect(created).toMatchObject({ status: "stopped", location: "sa-east" });
    expect((await sim.control("/servers", { method: "POST", body: { name: "" } })).status).toBe(400);
    expect((await sim.control("/servers", { method: "POST", body: { name: "x", status: "restoring" } })).status).toBe(
      400,
    );
  });
});

describe("/__control/automatic-backups", () => {
  it("adds a completed automatic backup expiring in 14 days", async () => {
    const res = await sim.control("/automatic-backups", { method: "POST", body: { server_id: 12350 } });
    expect(res.status).toBe(201);
    const backup = await json<BackupBody>(res);
    expect(backup).toMatchObject({
      server: { id: 12350, name: "empty-box" },
      backup_type: "automatic",
      status: "completed",
      created_at: "2025-01-16T15:45:30Z",
      expires_at: "2025-01-30T15:45:30Z",
    });
    expect(backup.size_mb).toEqual(expect.any(Number));
    expect((await listAllBackups(sim, "?server_id=12350")).map((b) => b.id)).toEqual([backup.id]);
  });

  it("accepts a status and explicit dates", async () => {
    const failed = await json<BackupBody>(
      await sim.control("/automatic-backups", { method: "POST", body: { server_id: 12345, status: "failed" } }),
    );
    expect(failed).toMatchObject({ status: "failed", size_mb: null });
    const running = await json<BackupBody>(
      await sim.control("/automatic-backups", { method: "POST", body: { server_id: 12345, status: "in_progress" } }),
    );
    expect(running.status).toBe("in_progress");
    const dated = await json<BackupBody>(
      await sim.control("/automatic-backups", {
        method: "POST",
        body: { server_id: 12345, created_at: "2025-01-10T03:00:00Z", expires_at: "2025-01-17T03:00:00Z" },
      }),
    );
    expect(dated).toMatchObject({ created_at: "2025-01-10T03:00:00Z", expires_at: "2025-01-17T03:00:00Z" });
  });

  it("answers 404 for an unknown server and 400 for a bad body", async () => {
    const res = await sim.control("/automatic-backups", { method: "POST", body: { server_id: 1 } });
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: "Server not found." });
    expect((await sim.control("/automatic-backups", { method: "POST", body: { server_id: "x" } })).status).toBe(400);
    expect(
      (await sim.control("/automatic-backups", { method: "POST", body: { server_id: 12345, status: "weird" } })).status,
    ).toBe(400);
  });
});

describe("/__control routing", () => {
  it("answers 404 for an unknown path and 405 for a wrong method", async () => {
    expect((await sim.control("/nope")).status).toBe(404);
    expect((await sim.control("")).status).toBe(404);
    const res = await sim.control("/reset");
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });

  it("accepts a trailing slash", async () => {
    expect((await sim.control("/config/")).status).toBe(200);
  });
});

interface LoggedRequest {
  id: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string;
  body: unknown;
  status: number | null;
}

async function loggedRequests(): Promise<LoggedRequest[]> {
  return (await json<{ requests: LoggedRequest[] }>(await sim.control("/requests"))).requests;
}

describe("/__control/requests", () => {
  it("logs every /api/v1 request in order, with query, auth state and body", async () => {
    await sim.api("/backups/?server_id=12345&backup_type=manual");
    await sim.api("/servers/", { token: null });
    await sim.api("/servers/", { token: "vps_wrong_secret" });
    await sim.api("/backups/", { method: "POST", body: { server_id: 12345, description: "logged" } });
    await sim.api("/backups/", { method: "POST", body: "not json" });
    await sim.api("/nope");
    await sim.control("/config");
    await fetch(`${sim.url}/elsewhere`);

    const requests = await loggedRequests();
    expect(requests).toEqual([
      {
        id: expect.any(Number),
        at: new Date(T0).toISOString(),
        method: "GET",
        path: "/api/v1/backups/",
        query: { server_id: "12345", backup_type: "manual" },
        authorization: "valid",
        body: null,
        status: 200,
      },
      expect.objectContaining({ method: "GET", path: "/api/v1/servers/", authorization: "missing", status: 401 }),
      expect.objectContaining({ authorization: "invalid", status: 401 }),
      expect.objectContaining({ method: "POST", body: { server_id: 12345, description: "logged" }, status: 201 }),
      expect.objectContaining({ method: "POST", body: "not json", status: 400 }),
      expect.objectContaining({ path: "/api/v1/nope", status: 404 }),
    ]);
    const ids = requests.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
  });

  it("never stores the token", async () => {
    await sim.api("/backups/");
    await sim.api("/backups/", { token: `${sim.token}x` });
    const text = await (await sim.control("/requests")).text();
    expect(text).not.toContain(sim.token);
  });

  it("clears with DELETE", async () => {
    await sim.api("/backups/");
    expect((await sim.control("/requests", { method: "DELETE" })).status).toBe(204);
    expect(await loggedRequests()).toEqual([]);
  });

  it("logs oversized requests without their body", async () => {
    await sim.api("/backups/", { method: "POST", body: "x".repeat(1024 * 1024 + 1) });
    expect(await loggedRequests()).toEqual([expect.objectContaining({ method: "POST", body: null, status: 413 })]);
  });
});
