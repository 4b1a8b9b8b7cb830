import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { backupListSchema, createdBackupSchema, type Backup } from "@/lib/backups/schemas";
import { healthSchema } from "@/lib/health/schemas";
import { restoreResultSchema, serverListSchema } from "@/lib/servers/schemas";
import { CANARY_TOKEN } from "../canary";
import {
  api,
  appUrl,
  clearRequestLog,
  control,
  expectError,
  postJson,
  resetSimulator,
  seenResponses,
  send,
  simulatorUrl,
  upstreamRequests,
} from "./helpers";

// Each route handler against the simulator over real HTTP (the simulator pages by 3).

beforeAll(async () => {
  await resetSimulator();
});

beforeEach(async () => {
  await clearRequestLog();
});

afterAll(async () => {
  await resetSimulator();
  for (const response of seenResponses) expect(response.body + response.headers).not.toContain(CANARY_TOKEN);
});

async function listBackups(query = ""): Promise<Backup[]> {
  const result = await api(`/api/backups${query}`);
  expect(result.status).toBe(200);
  const list = backupListSchema.parse(result.body);
  expect(list.count).toBe(list.results.length);
  return list.results;
}

/** What the simulator holds, read straight from it, every page. */
async function simulatorBackups(query = ""): Promise<{ id: number }[]> {
  const all: { id: number }[] = [];
  let next: string | null = `${simulatorUrl()}/api/v1/backups/${query}`;
  while (next) {
    const response = await fetch(next, { headers: { Authorization: `Bearer ${CANARY_TOKEN}` } });
    const page = (await response.json()) as { next: string | null; results: { id: number }[] };
    all.push(...page.results);
    next = page.next;
  }
  return all;
}

function isNewestFirst(backups: Backup[]): boolean {
  return backups.every(
    (backup, i) => i === 0 || Date.parse(backups[i - 1]!.created_at) >= Date.parse(backup.created_at),
  );
}

async function manualCounts(): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for (const backup of await listBackups("?backup_type=manual"))
    counts.set(backup.server.id, (counts.get(backup.server.id) ?? 0) + 1);
  return counts;
}

describe("GET /api/backups", () => {
  it("merges every page of the provider's list, newest first, with the token on every request", async () => {
    const direct = await simulatorBackups();
    await clearRequestLog();
    const backups = await listBackups();
    expect(backups.map((b) => b.id).sort()).toEqual(direct.map((b) => b.id).sort());
    expect(backups.length).toBeGreaterThan(20);
    expect(isNewestFirst(backups)).toBe(true);

    const requests = (await upstreamRequests()).filter((r) => r.path === "/api/v1/backups/");
    expect(requests.length).toBe(Math.ceil(direct.length / 3));
    expect(requests.every((r) => r.authorization === "valid" && r.method === "GET")).toBe(true);
  });

  it("passes the server and type filters to the provider", async () => {
    const [first] = await listBackups();
    await clearRequestLog();
    const filtered = await listBackups(`?server_id=${first!.server.id}&backup_type=manual`);
    expect(filtered.every((b) => b.server.id === first!.server.id && b.backup_type === "manual")).toBe(true);
    const [request] = await upstreamRequests();
    expect(request?.query).toMatchObject({ server_id: String(first!.server.id), backup_type: "manual" });
  });
});

describe("POST /api/backups", () => {
  it("creates a manual backup: 201, in progress, with the provider's message, and it is listed at once", async () => {
    const { results: servers } = serverListSchema.parse((await api("/api/servers")).body);
    const counts = await manualCounts();
    const server = servers.find((s) => (counts.get(s.id) ?? 0) < 10)!;

    const description = "Before the kernel upgrade — перед обновлением";
    const result = await postJson("/api/backups", { server_id: server.id, description });
    expect(result.status).toBe(201);
    const created = createdBackupSchema.parse(result.body);
    expect(created).toMatchObject({
      backup_type: "manual",
      status: "in_progress",
      size_mb: null,
      expires_at: null,
      server: { id: server.id },
    });
    expect(created.description).toBe(description);
    expect(created.message).toMatch(/Backup is being created/);

    const listed = await listBackups(`?server_id=${server.id}`);
    expect(listed[0]?.id).toBe(created.id);

    const posts = (await upstreamRequests()).filter((r) => r.method === "POST");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toEqual({ server_id: server.id, description });
  });

  it("answers the provider's quota refusal as 409 with its words", async () => {
    const counts = await manualCounts();
    const full = [...counts].find(([, count]) => count >= 10);
    expect(full, "the seed has a server with its manual quota full").toBeDefined();
    const error = expectError(await postJson("/api/backups", { server_id: full![0] }), "provider_refused", 409);
    expect(error.message).toMatch(/Maximum of 10 manual backups/);
  });

  it("answers 404 for a server VPS.org does not know", async () => {
    expectError(await postJson("/api/backups", { server_id: 999999 }), "not_found", 404);
  });
});

describe("DELETE /api/backups/{backupId}", () => {
  it("deletes: 204, gone from the list, then 404", async () => {
    const [victim] = await listBackups("?backup_type=automatic");
    const result = await api(`/api/backups/${victim!.id}`, { method: "DELETE" });
    expect(result.status).toBe(204);
    expect(result.text).toBe("");
    expect((await listBackups()).some((b) => b.id === victim!.id)).toBe(false);
    expectError(await api(`/api/backups/${victim!.id}`, { method: "DELETE" }), "not_found", 404);
    const deletes = (await upstreamRequests()).filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => r.path)).toEqual([`/api/v1/backups/${victim!.id}/`, `/api/v1/backups/${victim!.id}/`]);
  });
});

describe("POST /api/servers/{serverId}/restore", () => {
  it("restores from a completed backup: the provider's message and the server now restoring", async () => {
    const backups = await listBackups();
    const completed = backups.find((b) => b.status === "completed")!;
    const result = await postJson(`/api/servers/${completed.server.id}/restore`, { backup_id: completed.id });
    expect(result.status).toBe(200);
    const restore = restoreResultSchema.parse(result.body);
    expect(restore.server).toEqual({ id: completed.server.id, name: completed.server.name, status: "restoring" });
    expect(restore.message).toMatch(/being restored/);

    const { results } = serverListSchema.parse((await api("/api/servers")).body);
    expect(results.find((s) => s.id === completed.server.id)?.status).toBe("restoring");
  });

  it("refuses a backup of another server as 409 with the provider's words", async () => {
    const backups = await listBackups();
    const a = backups.find((b) => b.status === "completed")!;
    const b = backups.find((x) => x.server.id !== a.server.id && x.status === "completed")!;
    const error = expectError(
      await postJson(`/api/servers/${b.server.id}/restore`, { backup_id: a.id }),
      "provider_refused",
      409,
    );
    expect(error.message).toMatch(/does not belong to this server/);
  });

  it("refuses a backup that is not completed", async () => {
    const { results: servers } = serverListSchema.parse((await api("/api/servers")).body);
    const counts = await manualCounts();
    const server = servers.find((s) => (counts.get(s.id) ?? 0) < 10 && s.status === "active")!;
    // Backups take 400 ms here: long enough on an idle machine, not on a loaded one. This one takes a minute.
    await control("config", { backup_duration_ms: 60_000 });
    try {
      const created = createdBackupSchema.parse((await postJson("/api/backups", { server_id: server.id })).body);
      const error = expectError(
        await postJson(`/api/servers/${server.id}/restore`, { backup_id: created.id }),
        "provider_refused",
        409,
      );
      expect(error.message).toMatch(/not completed/);
    } finally {
      // Back to the suite's simulator (its config and seed), without that running backup.
      await resetSimulator();
    }
  });

  it("answers 404 for an unknown server", async () => {
    expectError(await postJson("/api/servers/999999/restore", { backup_id: 1 }), "not_found", 404);
  });
});

describe("GET /api/servers", () => {
  it("lists every server, including one with no backups", async () => {
    await resetSimulator();
    const list = serverListSchema.parse((await api("/api/servers")).body);
    expect(list.source).toBe("provider");
    const backups = await listBackups();
    const withBackups = new Set(backups.map((b) => b.server.id));
    expect(list.results.some((s) => !withBackups.has(s.id))).toBe(true);
    expect(list.results.every((s) => typeof s.status === "string")).toBe(true);
  });

  it("falls back to the servers named in the backups when the token may not read servers, and says so", async () => {
    await control("config", { permissions: ["backups:read", "backups:write", "account:read"] });
    try {
      const list = serverListSchema.parse((await api("/api/servers")).body);
      expect(list.source).toBe("backups");
      expect(list.notice).toMatch(/may not read the Servers API/);
      const named = new Set((await listBackups()).map((b) => b.server.id));
      expect(new Set(list.results.map((s) => s.id))).toEqual(named);
    } finally {
      await resetSimulator();
    }
  });
});

describe("GET /api/health", () => {
  it("says which VPS.org is used and what the token may do, never the token", async () => {
    const result = await api("/api/health");
    expect(result.status).toBe(200);
    const health = healthSchema.parse(result.body);
    expect(health).toMatchObject({
      status: "ok",
      mode: "provider",
      provider: { reachable: true, tokenAccepted: true, tokenName: "backups-dashboard" },
    });
    expect(health.provider.permissions).toContain("backups:write");
    expect(result.text).not.toContain(CANARY_TOKEN);
  });
});

describe("GET /api/live", () => {
  it("answers that the process is up, to anyone, without asking VPS.org", async () => {
    await clearRequestLog();
    const result = await send(`${appUrl()}/api/live`);
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ status: "ok" });
    expect(await upstreamRequests()).toEqual([]);
  });
});
