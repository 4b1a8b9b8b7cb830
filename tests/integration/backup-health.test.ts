import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ServerHealth } from "@/lib/backup-health/schemas";
import { startApp, type AppProcess } from "./app-process";
import {
  addFault,
  apiAs,
  clearFaults,
  control,
  eventually,
  expectError,
  jsonRequest,
  providerEnv,
  WATCHED_ENV,
  type ApiResult,
} from "./helpers";

// Issue "Backup health…", §1: the watcher's picture gives every server a health state, which the
// servers list answers; admins set the freshness policy (stored, audited); while VPS.org cannot be
// read every state is unknown. Against the simulator over HTTP, with a watcher of its own.

const HOUR = 3_600_000;
const ago = (hours: number) => new Date(Date.now() - hours * HOUR).toISOString();
const tag = randomBytes(3).toString("hex");
let app: AppProcess;
const ids: Record<"never" | "late" | "fresh" | "failing", number> = { never: 0, late: 0, fresh: 0, failing: 0 };

const call = (path: string, init: RequestInit = {}, caller: "admin" | "viewer" = "admin") =>
  apiAs(caller, path, init, app.url);

async function healthOf(serverId: number): Promise<ServerHealth | undefined> {
  const servers = (await call("/api/servers")).body as { results: { id: number; health?: ServerHealth }[] };
  return servers.results.find((server) => server.id === serverId)?.health;
}
const becomes = (serverId: number, state: ServerHealth["state"]) =>
  eventually(`server ${serverId} ${state}`, async () => {
    const health = await healthOf(serverId);
    return health?.state === state ? health : undefined;
  });

async function addServer(label: string, backups: { status: string; hours: number }[]): Promise<number> {
  const { id } = (await control("servers", { name: `health-${label}-${tag}` })) as { id: number };
  for (const backup of backups)
    await control("automatic-backups", { server_id: id, status: backup.status, created_at: ago(backup.hours) });
  return id;
}

beforeAll(async () => {
  ids.never = await addServer("never", []);
  ids.late = await addServer("late", [{ status: "completed", hours: 31 }]);
  ids.fresh = await addServer("fresh", [{ status: "completed", hours: 2 }]);
  ids.failing = await addServer("failing", [
    { status: "completed", hours: 3 },
    { status: "failed", hours: 1 },
  ]);
  app = await startApp({
    ...providerEnv(),
    ...WATCHED_ENV,
    VPSORG_RETRY_MAX_ATTEMPTS: "1",
    VPSORG_BREAKER_COOLDOWN_MS: "500",
  });
}, 120_000);

afterAll(async () => {
  await clearFaults();
  await app?.stop();
});

describe("backup health", () => {
  it("gives each server its state from the watcher's picture, with the reason's times", async () => {
    expect(await becomes(ids.fresh, "healthy")).toMatchObject({ late_after_hours: 26, own_policy: false });
    expect(await becomes(ids.never, "never")).toMatchObject({ latest_completed_at: null });
    const late = await becomes(ids.late, "late");
    expect(Date.parse(late.late_since!) - Date.parse(late.latest_completed_at!)).toBe(26 * HOUR);
    const failing = await becomes(ids.failing, "failing");
    expect(failing.failed_at).not.toBeNull();
    expect(failing.latest_completed_at).not.toBeNull();
  });

  it("lets an admin set a server's own threshold, audited, and the answer changes (not a 304)", async () => {
    const before = await call("/api/servers");
    const etag = before.headers.get("etag")!;
    const set = await call(
      `/api/servers/${ids.late}/freshness-policy`,
      jsonRequest("PUT", { late_after_hours: 48, checks: true }),
    );
    expect(set.status, set.text).toBe(200);
    expect((set.body as { servers: unknown[] }).servers).toContainEqual(
      expect.objectContaining({
        server_id: ids.late,
        late_after_hours: 48,
        checks: true,
        updated_by: expect.any(String),
      }),
    );
    const after = await call("/api/servers", { headers: { "If-None-Match": etag } });
    expect(after.status).toBe(200);
    expect(await healthOf(ids.late)).toMatchObject({ state: "healthy", late_after_hours: 48, own_policy: true });

    const audit = (await call("/api/audit?action=health.policy_change")).body as {
      entries: { target: { serverId: string | null; description: string | null }; outcome: string }[];
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({
        outcome: "success",
        target: expect.objectContaining({ serverId: String(ids.late), description: "checks on, late after 48 h" }),
      }),
    );
  });

  it("sets the threshold for all servers, which a server without its own follows", async () => {
    const set = await call("/api/freshness-policy", jsonRequest("PUT", { late_after_hours: 1 }));
    expect(set.status, set.text).toBe(200);
    expect(await healthOf(ids.fresh)).toMatchObject({ state: "late", late_after_hours: 1 });
    // The server with its own threshold keeps it.
    expect(await healthOf(ids.late)).toMatchObject({ state: "healthy", late_after_hours: 48 });
    const policies = (await call("/api/freshness-policy", {}, "viewer")).body as {
      all_servers: { late_after_hours: number };
    };
    expect(policies.all_servers.late_after_hours).toBe(1);
    expect((await call("/api/freshness-policy", jsonRequest("PUT", { late_after_hours: 26 }))).status).toBe(200);
  });

  it("turns a server's checks off and back to the policy for all servers", async () => {
    const off = await call(
      `/api/servers/${ids.never}/freshness-policy`,
      jsonRequest("PUT", { late_after_hours: null, checks: false }),
    );
    expect(off.status, off.text).toBe(200);
    expect((await healthOf(ids.never))?.state).toBe("off");
    expect((await call(`/api/servers/${ids.never}/freshness-policy`, { method: "DELETE" })).status).toBe(200);
    expect((await healthOf(ids.never))?.state).toBe("never");
    expect((await call(`/api/servers/${ids.late}/freshness-policy`, { method: "DELETE" })).status).toBe(200);
    expect((await healthOf(ids.late))?.state).toBe("late");
  });

  it("refuses bad input with the field named, and a server the account does not have, changing nothing", async () => {
    const tooLong = await call("/api/freshness-policy", jsonRequest("PUT", { late_after_hours: 721 }));
    expectError(tooLong, "invalid_input", 400);
    expect(tooLong.text).toContain("late_after_hours");
    const notWhole = await call(
      `/api/servers/${ids.late}/freshness-policy`,
      jsonRequest("PUT", { late_after_hours: 1.5, checks: true }),
    );
    expectError(notWhole, "invalid_input", 400);
    const unknown: ApiResult = await call(
      "/api/servers/987654321/freshness-policy",
      jsonRequest("PUT", { late_after_hours: 12, checks: true }),
    );
    expectError(unknown, "not_found", 404);
    const policies = (await call("/api/freshness-policy")).body as { servers: { server_id: number }[] };
    expect(policies.servers.map((policy) => policy.server_id)).not.toContain(987654321);
  });

  it("refuses a viewer's change", async () => {
    const refused = await call("/api/freshness-policy", jsonRequest("PUT", { late_after_hours: 5 }), "viewer");
    expectError(refused, "forbidden", 403);
  });

  it("is unknown for every server while VPS.org cannot be read, and comes back after", async () => {
    await addFault({ mode: "error", status: 503 });
    await becomes(ids.fresh, "unknown");
    expect((await healthOf(ids.failing))?.state).toBe("unknown");
    await clearFaults();
    await becomes(ids.failing, "failing");
  }, 40_000);
});
