import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eventPageSchema, type EventEntry, type EventPage } from "@/lib/events/schemas";
import { CANARIES } from "../canary";
import { withStore } from "../store-under-test";
import { startApp, type AppProcess } from "./app-process";
import {
  addUser,
  api,
  apiAs,
  control,
  expectError,
  jsonRequest,
  resetSimulator,
  seenResponses,
  signedInCookie,
  eventually,
  provider,
  providerEnv,
  WATCHED_ENV,
} from "./helpers";

// GET /api/events on a dashboard of its own with the account watcher on (short cadences) against the
// simulator: changes made behind the dashboard's back (through the simulator's API and /__control)
// and through the dashboard become events, answered newest first, per server, a page at a time. Its
// malformed queries are in input-validation.test.ts, the role matrix in access-control.test.ts.

let app: AppProcess;
let serverId: number;
let otherServerId: number;

async function events(query = ""): Promise<EventPage> {
  const result = await api(`/api/events${query}`, {}, app.url);
  expect(result.status, result.text).toBe(200);
  return eventPageSchema.parse(result.body);
}

/** Waits until the server's events include every one of `kinds` for `backupId`. */
async function eventsOf(backupId: number, kinds: string[]): Promise<EventEntry[]> {
  return eventually(`${kinds.join(", ")} of backup ${backupId}`, async () => {
    const found = (await events(`?server_id=${serverId}&limit=100`)).results.filter((e) => e.backup_id === backupId);
    return kinds.every((kind) => found.some((event) => event.kind === kind)) ? found : undefined;
  });
}

async function createElsewhere(description: string): Promise<number> {
  const created = await provider("/backups/", {
    method: "POST",
    body: JSON.stringify({ server_id: serverId, description }),
  });
  expect(created.status).toBeLessThan(300);
  return ((await created.json()) as { id: number }).id;
}

beforeAll(async () => {
  const suffix = randomBytes(3).toString("hex");
  serverId = ((await control("servers", { name: `activity-${suffix}` })) as { id: number }).id;
  app = await startApp({ ...providerEnv(), ...WATCHED_ENV });
  // The first poll is the baseline (no events): wait for it before changing anything.
  await eventually("the watcher's first picture", async () => {
    const [row] = await withStore(app.databaseUrl, (store) =>
      store.query<{ generation: number }>("select generation from account_snapshot where id = 1"),
    );
    return row && row.generation > 0 ? true : undefined;
  });
  otherServerId = ((await control("servers", { name: `activity-other-${suffix}` })) as { id: number }).id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
  // The servers this file added are gone for the next one.
  await resetSimulator();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe("GET /api/events", () => {
  it("answers what changed at VPS.org behind the dashboard's back, newest first", async () => {
    const id = await createElsewhere("made elsewhere");
    const found = await eventsOf(id, ["backup.started", "backup.completed"]);
    expect(found.map((event) => event.kind)).toEqual(["backup.completed", "backup.started"]);
    const [completed, started] = found as [EventEntry, EventEntry];
    expect(completed.id).toBeGreaterThan(started.id);
    expect(started).toMatchObject({
      server: { id: serverId, name: expect.stringMatching(/^activity-/) },
      backup_id: id,
      actor_email: null,
      detail: { backup_type: "manual", description: "made elsewhere" },
    });
    // Seen in progress by a poll, or already completed when the simulator was quicker than the watcher.
    expect(completed.detail).toMatchObject({ to: "completed" });
    expect([null, "in_progress"]).toContain(completed.detail.from);
    expect(typeof completed.detail.size_mb).toBe("number");
    expect(Date.parse(completed.at)).toBeGreaterThanOrEqual(Date.parse(started.at));
    expect(completed.at).toMatch(/Z$/);
  });

  it("names who did it when it was done through the dashboard: a create, a restore, a delete", async () => {
    const created = await api(
      "/api/backups",
      jsonRequest("POST", { server_id: serverId, description: "made here" }),
      app.url,
    );
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as { id: number };
    const [started] = await eventsOf(id, ["backup.started"]);
    expect(started).toMatchObject({ kind: "backup.started", actor_email: "admin@integration.test" });
    await eventsOf(id, ["backup.completed"]);

    const restored = await api(`/api/servers/${serverId}/restore`, jsonRequest("POST", { backup_id: id }), app.url);
    expect(restored.status, restored.text).toBe(200);
    const restoring = await eventually("server.restoring", async () =>
      (await events(`?server_id=${serverId}`)).results.find((event) => event.kind === "server.restoring"),
    );
    // The restore made here says from which backup.
    expect(restoring).toMatchObject({
      server: { id: serverId },
      backup_id: null,
      actor_email: "admin@integration.test",
      detail: { from: "active", to: "restoring", backup_id: id },
    });
    await eventually("server.restored", async () =>
      (await events(`?server_id=${serverId}`)).results.find((event) => event.kind === "server.restored"),
    );

    const deleted = await api(`/api/backups/${id}`, { method: "DELETE" }, app.url);
    expect(deleted.status, deleted.text).toBe(204);
    const [gone] = (await eventsOf(id, ["backup.deleted"])).filter((event) => event.kind === "backup.deleted");
    expect(gone).toMatchObject({ actor_email: "admin@integration.test", detail: { by: "dashboard" } });
  });

  it("filters by server: the account's list has every server's events, a server's only its own", async () => {
    const added = await eventually("server.added of the other server", async () =>
      (await events("?limit=100")).results.find(
        (event) => event.kind === "server.added" && event.server?.id === otherServerId,
      ),
    );
    expect(added.detail).toMatchObject({ status: "active" });
    const mine = await events(`?server_id=${serverId}&limit=100`);
    expect(mine.results.length).toBeGreaterThan(0);
    expect(mine.results.every((event) => event.server?.id === serverId)).toBe(true);
    const others = await events(`?server_id=${otherServerId}&limit=100`);
    expect(others.results.map((event) => event.kind)).toEqual(["server.added"]);
    expect((await events("?server_id=987654321")).results).toEqual([]);
  });

  it("pages with before: each page older than the one before, none repeated or left out", async () => {
    const all = await events(`?server_id=${serverId}&limit=100`);
    expect(all.next_before).toBeNull();
    expect(all.count).toBe(all.results.length);
    expect(all.results.length).toBeGreaterThanOrEqual(5);
    const ids = all.results.map((event) => event.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);

    const paged: number[] = [];
    let before: number | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const page: EventPage = await events(
        `?server_id=${serverId}&limit=2${before === null ? "" : `&before=${before}`}`,
      );
      expect(page.count).toBe(page.results.length);
      expect(page.results.length).toBeLessThanOrEqual(2);
      paged.push(...page.results.map((event) => event.id));
      before = page.next_before;
      if (before === null) break;
      expect(before).toBe(page.results.at(-1)!.id);
    }
    expect(paged).toEqual(ids);
  });

  it("answers 20 events by default and at most 100", async () => {
    for (let i = 0; i < 21; i++)
      await control("servers", { name: `activity-many-${i}-${randomBytes(2).toString("hex")}` });
    await eventually("21 events or more", async () => ((await events("?limit=100")).count > 20 ? true : undefined));
    const first = await events();
    expect(first.count).toBe(20);
    expect(first.next_before).toBe(first.results[19]!.id);
    expect((await events("?limit=100")).count).toBeGreaterThan(20);
  });

  it("sends an ETag and answers 304 when nothing changed", async () => {
    const query = `/api/events?server_id=${otherServerId}`;
    const first = await api(query, {}, app.url);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    const again = await api(query, { headers: { "If-None-Match": etag! } }, app.url);
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
  });

  it("is for signed-in people whose role may list backups and servers: 401 without a session, 403 otherwise", async () => {
    expectError(await apiAs("anonymous", "/api/events", {}, app.url), "unauthenticated", 401);
    const viewer = await apiAs("viewer", "/api/events", {}, app.url);
    expect(viewer.status, viewer.text).toBe(200);

    // A role the store holds that the dashboard does not know (written by hand, or by a newer version) may not.
    const user = await addUser("viewer", app.url, "unknown-role");
    await withStore(app.databaseUrl, (store) =>
      store.query(`update "user" set role = 'auditor' where email = ?`, [user.email]),
    );
    const cookie = await signedInCookie(user.email, user.password, app.url);
    const error = expectError(await apiAs({ cookie }, "/api/events", {}, app.url), "forbidden", 403);
    expect(error.message).toContain("list backup; list server");
  });
});
