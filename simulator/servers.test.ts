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

const RESTORE_DURATION = 30_000;
const BACKUP_DURATION = 20_000;
const WEB = 12345;
const DB = 12346;
const LEGACY = 12348;

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator({ restoreDurationMs: RESTORE_DURATION, backupDurationMs: BACKUP_DURATION });
});
afterAll(() => sim.close());
beforeEach(async () => {
  sim.clock.now = T0;
  await sim.control("/reset", { method: "POST" });
});

async function servers(query = ""): Promise<PageBody<ServerBody>> {
  const res = await sim.api(`/servers/${query}`);
  expect(res.status).toBe(200);
  return json<PageBody<ServerBody>>(res);
}

async function serverStatus(id: number): Promise<string | undefined> {
  return (await servers()).results.find((s) => s.id === id)?.status;
}

function restore(serverId: number, body: unknown): Promise<Response> {
  return sim.api(`/servers/${serverId}/restore/`, { method: "POST", body });
}

async function completedBackupOf(serverId: number): Promise<BackupBody> {
  const backup = (await listAllBackups(sim, `?server_id=${serverId}`)).find((b) => b.status === "completed");
  if (!backup) throw new Error(`no completed backup for ${serverId}`);
  return backup;
}

describe("GET /servers/", () => {
  it("lists servers with the documented shape", async () => {
    const page = await servers();
    expect(page.count).toBe(6);
    expect(page.next).toBeNull();
    expect(page.results[0]).toEqual({
      id: WEB,
      name: "web-server-01",
      hostname: "web-server-01.example.com",
      status: "active",
      ip_address: expect.stringMatching(/^\d+\.\d+\.\d+\.\d+$/),
      location: "us-west",
      plan: {
        id: expect.any(Number),
        name: expect.any(String),
        vcpus: expect.any(Number),
        memory: expect.any(Number),
        storage: expect.any(Number),
      },
      os: { id: expect.any(Number), name: expect.any(String) },
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    expect(page.results.map((s) => s.name)).toEqual(
      expect.arrayContaining(["db-primary", "staging-東京", "empty-box"]),
    );
  });

  it("filters by status and location", async () => {
    const stopped = await servers("?status=stopped");
    expect(stopped.results.map((s) => s.id)).toEqual([LEGACY]);
    const usWest = await servers("?location=us-west");
    expect(usWest.results.every((s) => s.location === "us-west")).toBe(true);
    expect(usWest.count).toBe(2);
    expect((await servers("?status=active&location=ap-northeast")).results.map((s) => s.name)).toEqual([
      "staging-東京",
    ]);
    expect((await servers("?status=unknown")).count).toBe(0);
  });

  it("paginates", async () => {
    await sim.control("/config", { method: "POST", body: { page_size: 4 } });
    const p1 = await servers("?status=active");
    expect(p1.results).toHaveLength(4);
    expect(p1.next).toBe(`${sim.apiUrl}/servers/?page=2&status=active`);
    const p2 = await servers("?status=active&page=2");
    expect(p2.results).toHaveLength(1);
    expect(p2.previous).toBe(`${sim.apiUrl}/servers/?status=active`);
    expect((await sim.api("/servers/?page=3")).status).toBe(404);
  });

  it("answers 403 when the token lacks servers:read", async () => {
    await sim.control("/config", {
      method: "POST",
      body: { permissions: ["backups:read", "backups:write", "account:read"] },
    });
    const res = await sim.api("/servers/");
    expect(res.status).toBe(403);
    expect(await json(res)).toEqual({ detail: "You do not have permission to perform this action." });
    expect((await sim.api("/backups/")).status).toBe(200);
    // Authentication still comes first.
    expect((await sim.api("/servers/", { token: null })).status).toBe(401);
  });
});

describe("POST /servers/{id}/restore/", () => {
  it("restores from a completed backup: restoring for the restore duration, then active", async () => {
    const backup = await completedBackupOf(LEGACY);
    expect(await serverStatus(LEGACY)).toBe("stopped");
    const res = await restore(LEGACY, { backup_id: backup.id });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await json(res)).toEqual({
      status: "success",
      message: `Server is being restored from backup ${backup.id}. This may take 5-15 minutes.`,
      server: { id: LEGACY, name: "legacy-app-03", status: "restoring" },
    });
    expect(await serverStatus(LEGACY)).toBe("restoring");
    expect((await servers("?status=restoring")).results.map((s) => s.id)).toEqual([LEGACY]);
    const during = (await servers()).results.find((s) => s.id === LEGACY) as ServerBody & { updated_at: string };
    expect(during.updated_at).toBe("2025-01-16T15:45:30Z");

    sim.clock.advance(RESTORE_DURATION - 1);
    expect(await serverStatus(LEGACY)).toBe("restoring");
    const again = await restore(LEGACY, { backup_id: backup.id });
    expect(again.status).toBe(400);
    expect(await json(again)).toEqual({ non_field_errors: ["Server is not in a valid state for restore: restoring."] });

    sim.clock.advance(1);
    expect(await serverStatus(LEGACY)).toBe("active");
    expect((await restore(LEGACY, { backup_id: backup.id })).status).toBe(200);
  });

  it("uses the configured restore duration", async () => {
    await sim.control("/config", { method: "POST", body: { restore_duration_ms: 5 } });
    expect((await restore(WEB, { backup_id: (await completedBackupOf(WEB)).id })).status).toBe(200);
    sim.clock.advance(5);
    expect(await serverStatus(WEB)).toBe("active");
  });

  it("answers 404 for an unknown server, before validating the body", async () => {
    const res = await restore(99999, "not json");
    expect(res.status).toBe(404);
    expect(await json(res)).toEqual({ detail: "Server not found." });
  });

  it.each([
    [{}, { backup_id: ["This field is required."] }],
    [{ backup_id: "abc" }, { backup_id: ["A valid integer is required."] }],
    [{ backup_id: null }, { backup_id: ["This field may not be null."] }],
    [{ backup_id: 999999 }, { backup_id: ["Backup not found."] }],
  ])("refuses %j with 400", async (body, expected) => {
    const res = await restore(WEB, body);
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(expected);
  });

  it("refuses a body that is not JSON", async () => {
    const res = await restore(WEB, "{");
    expect(res.status).toBe(400);
    expect((await json<{ detail: string }>(res)).detail).toMatch(/^JSON parse error - /);
  });

  it("refuses a backup of another server", async () => {
    const res = await restore(WEB, { backup_id: (await completedBackupOf(DB)).id });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ backup_id: ["Backup does not belong to this server."] });
  });

  it("refuses backups that are not completed (in progress or failed)", async () => {
    const notCompleted = { non_field_errors: ["Backup is not completed and cannot be restored."] };
    const created = await json<BackupBody>(await sim.api("/backups/", { method: "POST", body: { server_id: WEB } }));
    let res = await restore(WEB, { backup_id: created.id });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual(notCompleted);

    const failed = (await listAllBackups(sim, `?server_id=${LEGACY}`)).find((b) => b.status === "failed");
    expect(failed).toBeDefined();
    res = await restore(LEGACY, { backup_id: failed?.id });
    expect(await json(res)).toEqual(notCompleted);

    sim.clock.advance(BACKUP_DURATION);
    expect((await restore(WEB, { backup_id: created.id })).status).toBe(200);
  });

  it("refuses an expired backup as not found", async () => {
    const auto = (await listAllBackups(sim, `?server_id=${WEB}&backup_type=automatic`)).sort((a, b) =>
      a.created_at.localeCompare(b.created_at),
    )[0];
    sim.clock.now = Date.parse(auto?.expires_at ?? "");
    const res = await restore(WEB, { backup_id: auto?.id });
    expect(await json(res)).toEqual({ backup_id: ["Backup not found."] });
  });

  it("refuses a suspended server", async () => {
    const created = await json<ServerBody>(
      await sim.control("/servers", { method: "POST", body: { name: "frozen", status: "suspended" } }),
    );
    const backup = await json<BackupBody>(
      await sim.control("/automatic-backups", { method: "POST", body: { server_id: created.id } }),
    );
    const res = await restore(created.id, { backup_id: backup.id });
    expect(res.status).toBe(400);
    expect(await json(res)).toEqual({ non_field_errors: ["Server is not in a valid state for restore: suspended."] });
  });
});

describe("GET /account/me/", () => {
  it("describes the account and the token, never the token itself", async () => {
    const res = await sim.api("/account/me/");
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toEqual({
      account: {
        email: expect.stringContaining("@"),
        first_name: expect.any(String),
        last_name: expect.any(String),
        company_name: expect.any(String),
        created_at: expect.stringMatching(/Z$/),
      },
      token: {
        name: "backups-dashboard",
        permissions: ["backups:read", "backups:write", "servers:read", "servers:write", "account:read"],
        created_at: expect.stringMatching(/Z$/),
        last_used_at: "2025-01-16T15:45:30Z",
      },
    });
    expect(JSON.stringify(body)).not.toContain(sim.token);
  });

  it("reflects the configured permissions", async () => {
    await sim.control("/config", { method: "POST", body: { permissions: ["backups:read"] } });
    const body = await json<{ token: { permissions: string[] } }>(await sim.api("/account/me/"));
    expect(body.token.permissions).toEqual(["backups:read"]);
  });
});
