import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serverHistorySchema, type ServerHistory } from "@/lib/servers/history-schemas";
import { CANARIES } from "../canary";
import { withStore } from "../store-under-test";
import { startApp, type AppProcess } from "./app-process";
import {
  api,
  control,
  eventually,
  expectError,
  jsonRequest,
  provider,
  providerEnv,
  resetSimulator,
  seenResponses,
  WATCHED_ENV,
} from "./helpers";

// GET /api/servers/{serverId}/history on a dashboard of its own with the account watcher on (short
// cadences) against the simulator: a backup made and deleted at VPS.org behind the dashboard's back
// stays in the server's history, marked as vanished, with its size and duration; a restore through
// the dashboard is there with who made it and its outcome. Malformed paths and queries are in
// input-validation.test.ts, the role matrix in access-control.test.ts.

let app: AppProcess;
let serverId: number;

async function history(query = ""): Promise<ServerHistory> {
  const result = await api(`/api/servers/${serverId}/history${query}`, {}, app.url);
  expect(result.status, result.text).toBe(200);
  return serverHistorySchema.parse(result.body);
}

beforeAll(async () => {
  serverId = ((await control("servers", { name: `history-${randomBytes(3).toString("hex")}` })) as { id: number }).id;
  app = await startApp({ ...providerEnv(), ...WATCHED_ENV });
  // The first poll is the baseline: wait for it before changing anything.
  await eventually("the watcher's first picture", async () => {
    const [row] = await withStore(app.databaseUrl, (store) =>
      store.query<{ generation: number }>("select generation from account_snapshot where id = 1"),
    );
    return row && row.generation > 0 ? true : undefined;
  });
}, 120_000);

afterAll(async () => {
  await app?.stop();
  await resetSimulator();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe("GET /api/servers/{serverId}/history", () => {
  it("keeps a backup that vanished from VPS.org, with its size, duration and why it went", async () => {
    const created = await provider("/backups/", {
      method: "POST",
      body: JSON.stringify({ server_id: serverId, description: "made and deleted elsewhere" }),
    });
    expect(created.status).toBeLessThan(300);
    const { id } = (await created.json()) as { id: number };
    // The simulator finishes a backup in 400 ms; the watcher polls fast while it runs.
    await eventually("seen completed", async () =>
      (await history()).points.find((point) => point.backup_id === id && point.completed_at !== null),
    );
    expect((await provider(`/backups/${id}/`, { method: "DELETE" })).status).toBeLessThan(300);
    const point = await eventually("seen vanished", async () =>
      (await history()).points.find((p) => p.backup_id === id && p.vanished_at !== null),
    );
    expect(point).toMatchObject({
      backup_id: id,
      backup_type: "manual",
      description: "made and deleted elsewhere",
      status: "completed",
      vanish_reason: "deleted_elsewhere",
      deleted_by: null,
    });
    expect(point.size_mb).toBeGreaterThan(0);
    expect(point.duration_s).toBeGreaterThanOrEqual(0);
    expect(point.duration_s).toBeLessThan(60);
    expect(point.created_at).toMatch(/Z$/);
    expect(Date.parse(point.vanished_at!)).toBeGreaterThanOrEqual(Date.parse(point.completed_at!));

    // Gone from the list VPS.org gives, still in the history, with its events.
    const listed = await api(`/api/backups?server_id=${serverId}`, {}, app.url);
    expect((listed.body as { results: { id: number }[] }).results.map((backup) => backup.id)).not.toContain(id);
    const answer = await history("?days=1");
    expect(answer).toMatchObject({ server_id: serverId, days: 1, server: { id: serverId } });
    expect(answer.server_name).toMatch(/^history-/);
    const kinds = answer.events.filter((event) => event.backup_id === id).map((event) => event.kind);
    expect(kinds).toEqual(expect.arrayContaining(["backup.started", "backup.completed", "backup.deleted"]));
  });

  it("answers the restores made through the dashboard, with who made them and their outcome", async () => {
    const created = await api(
      "/api/backups",
      jsonRequest("POST", { server_id: serverId, description: "to restore from" }),
      app.url,
    );
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as { id: number };
    await eventually("completed", async () =>
      (await history()).points.find((point) => point.backup_id === id && point.status === "completed"),
    );
    const restored = await api(`/api/servers/${serverId}/restore`, jsonRequest("POST", { backup_id: id }), app.url);
    expect(restored.status, restored.text).toBe(200);
    const [restore] = (await history()).restores;
    expect(restore).toMatchObject({
      backup_id: id,
      actor_email: "admin@integration.test",
      outcome: "success",
      error: null,
    });
    expect(Date.parse(restore!.settled_at!)).toBeGreaterThanOrEqual(Date.parse(restore!.at));
  });

  it("sends an ETag and answers 304 to a matching If-None-Match, never storing the answer", async () => {
    const first = await api(`/api/servers/${serverId}/history`, {}, app.url);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    // Once nothing changes between two requests (a restore's events may still be arriving), a 304.
    await eventually("a 304", async () => {
      const fresh = (await api(`/api/servers/${serverId}/history`, {}, app.url)).headers.get("etag")!;
      const again = await api(`/api/servers/${serverId}/history`, { headers: { "If-None-Match": fresh } }, app.url);
      return again.status === 304 && again.text === "" ? true : undefined;
    });
  });

  it("is 404 for a server the dashboard has never heard of", async () => {
    expectError(await api("/api/servers/987654321/history", {}, app.url), "not_found", 404);
  });
});
