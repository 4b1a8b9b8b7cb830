import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runsInSqliteVariantOnly } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import {
  addFault,
  apiAs,
  clearFaults,
  clearRequestLog,
  control,
  cookieFrom,
  jsonRequest,
  signIn,
  simulatorList,
  upstreamRequests,
  eventually,
  provider,
  providerEnv,
  WATCHED_ENV,
} from "./helpers";
import { linesOf } from "../log-lines";

// Issue "One account watcher per deployment": two production servers on one PostgreSQL database, both
// with the watcher on (short cadences and lease): exactly one holds the lease and polls; its picture of
// the account lands in the store with the events of what changed at VPS.org (a backup made and deleted
// behind the dashboard's back); when the holder is killed, the other takes over within two lease
// periods and carries on from the same picture.

const PG_URL =
  process.env.DATABASE_URL_TEST?.trim() || "postgres://dashboard_test:dashboard_test@127.0.0.1:5432/dashboard_test";
const skipped = PG_URL === "skip" || runsInSqliteVariantOnly("watcher.test.ts", "a PostgreSQL database of its own");
if (PG_URL === "skip")
  console.warn("DATABASE_URL_TEST=skip: the watcher's integration tests are skipped (they need PostgreSQL).");
const LEASE_MS = Number(WATCHED_ENV.WATCHER_LEASE_MS);
const database = `dashboard_watch_${randomBytes(5).toString("hex")}`;
const apps: AppProcess[] = [];
let serverId: number;

async function query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const url = new URL(PG_URL);
  if (!text.startsWith("create database") && !text.startsWith("drop database")) url.pathname = `/${database}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const signedInCookie = async (app: AppProcess) => {
  const signedIn = await signIn(ADMIN.email, ADMIN.password, { base: app.url });
  expect(signedIn.status, signedIn.text).toBe(200);
  return cookieFrom(signedIn);
};

const holderOf = async () =>
  (await query<{ holder: string }>("select holder from job_lease where name = 'watcher'"))[0];
const watching = (app: AppProcess) =>
  linesOf(app.stdout(), "watcher", /^this instance watches the account$/).length > 0;
const events = (backupId: number) =>
  query<{ kind: string; actor_email: string | null; detail: string }>(
    "select kind, actor_email, detail from account_event where backup_id = $1 order by id",
    [backupId],
  );

beforeAll(async () => {
  if (skipped) return;
  await query(`create database "${database}"`);
  const env = {
    DATABASE_URL: (() => {
      const url = new URL(PG_URL);
      url.pathname = `/${database}`;
      return url.href;
    })(),
    ...providerEnv(),
    ...WATCHED_ENV,
    // A poll that fails, fails at once, and VPS.org's recovery is seen within a second.
    VPSORG_RETRY_MAX_ATTEMPTS: "1",
    VPSORG_BREAKER_COOLDOWN_MS: "500",
  };
  serverId = ((await control("servers", { name: `watched-${randomBytes(3).toString("hex")}` })) as { id: number }).id;
  // One after the other: each makes sure of the admin at start.
  apps.push(await startApp(env, { killable: true }));
  apps.push(await startApp(env, { killable: true }));
}, 120_000);

afterAll(async () => {
  if (skipped) return;
  await Promise.all(apps.map((app) => app.stop()));
  await query(`drop database if exists "${database}" with (force)`);
});

describe.skipIf(skipped)("the account watcher on two instances", () => {
  it("is held by exactly one instance, whose picture of the account is in the store", async () => {
    await eventually("a holder", async () => (apps.some(watching) ? true : undefined));
    expect(apps.filter(watching)).toHaveLength(1);
    const snapshot = await eventually("a picture", async () => {
      const [row] = await query<{ generation: number; backups: string; servers: string }>(
        "select generation, backups, servers from account_snapshot where id = 1 and generation > 0",
      );
      return row;
    });
    const listed = await simulatorList<{ id: number }>("/backups/");
    const pictured = (JSON.parse(snapshot.backups) as { id: number }[]).map((backup) => backup.id);
    expect(new Set(pictured)).toEqual(new Set(listed.map((backup) => backup.id)));
    expect((JSON.parse(snapshot.servers) as { results: { id: number }[] }).results.map((s) => s.id)).toContain(
      serverId,
    );
  });

  it("records what happens at VPS.org behind the dashboard's back as events and history", async () => {
    const created = await provider("/backups/", {
      method: "POST",
      body: JSON.stringify({ server_id: serverId, description: "made elsewhere" }),
    });
    expect(created.status).toBeLessThan(300);
    const { id } = (await created.json()) as { id: number };
    // The simulator finishes a backup in 400 ms; the watcher polls fast while it runs.
    await eventually("started and completed", async () => {
      const kinds = (await events(id)).map((event) => event.kind);
      return kinds.includes("backup.completed") ? kinds : undefined;
    });
    expect((await events(id)).map((event) => event.kind)).toEqual(["backup.started", "backup.completed"]);
    const [history] = await query<{ status: string; completed_at: Date | null; server_id: number }>(
      "select status, completed_at, server_id from backup_history where backup_id = $1",
      [id],
    );
    expect(history).toMatchObject({ status: "completed", server_id: serverId });
    expect(history?.completed_at).not.toBeNull();

    expect((await provider(`/backups/${id}/`, { method: "DELETE" })).status).toBeLessThan(300);
    await eventually("deleted", async () =>
      (await events(id)).some((event) => event.kind === "backup.deleted") ? true : undefined,
    );
    const deleted = (await events(id)).find((event) => event.kind === "backup.deleted");
    expect(deleted).toMatchObject({ actor_email: null });
    expect(JSON.parse(deleted!.detail)).toMatchObject({ by: "elsewhere", description: "made elsewhere" });
    const [vanished] = await query<{ vanish_reason: string; vanished_at: Date | null }>(
      "select vanish_reason, vanished_at from backup_history where backup_id = $1",
      [id],
    );
    expect(vanished).toMatchObject({ vanish_reason: "deleted_elsewhere" });
    // Each change once, although two instances run the loop.
    expect((await events(id)).map((event) => event.kind)).toEqual([
      "backup.started",
      "backup.completed",
      "backup.deleted",
    ]);
  });

  it("has a change made through either instance in the picture before it answers, naming who made it", async () => {
    const acting = apps.find((app) => !watching(app))!;
    const signedIn = await signIn(ADMIN.email, ADMIN.password, { base: acting.url });
    expect(signedIn.status, signedIn.text).toBe(200);
    const cookie = cookieFrom(signedIn);
    const created = await apiAs(
      { cookie },
      "/api/backups",
      jsonRequest("POST", { server_id: serverId, description: "made here" }),
      acting.url,
    );
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as { id: number };
    // Folded in by the acting instance (which does not hold the lease) before its answer.
    const [row] = await query<{ backups: string }>("select backups from account_snapshot where id = 1");
    expect((JSON.parse(row!.backups) as { id: number }[]).map((backup) => backup.id)).toContain(id);
    expect((await events(id))[0]).toMatchObject({ kind: "backup.started", actor_email: ADMIN.email });
    await eventually("completed", async () =>
      (await events(id)).some((event) => event.kind === "backup.completed") ? true : undefined,
    );

    const deleted = await apiAs({ cookie }, `/api/backups/${id}`, { method: "DELETE" }, acting.url);
    expect(deleted.status, deleted.text).toBe(204);
    const [after] = await query<{ backups: string }>("select backups from account_snapshot where id = 1");
    expect((JSON.parse(after!.backups) as { id: number }[]).map((backup) => backup.id)).not.toContain(id);
    // The holder polls again after the delete and agrees with the folds: each change is told once.
    const deletedAt = Date.now();
    await eventually("a poll after the delete", async () => {
      const [head] = await query<{ polled_at: Date }>("select polled_at from account_snapshot where id = 1");
      return head && head.polled_at.getTime() > deletedAt ? true : undefined;
    });
    expect((await events(id)).map((event) => [event.kind, event.actor_email])).toEqual([
      ["backup.started", ADMIN.email],
      ["backup.completed", null],
      ["backup.deleted", ADMIN.email],
    ]);
    const [history] = await query<{ vanish_reason: string; deleted_by: string }>(
      "select vanish_reason, deleted_by from backup_history where backup_id = $1",
      [id],
    );
    expect(history).toEqual({ vanish_reason: "deleted", deleted_by: ADMIN.email });
  });

  it("answers both instances' lists from the picture: the same answer, and viewers cost VPS.org nothing", async () => {
    const cookies = await Promise.all(apps.map((app) => signedInCookie(app)));
    const lists = await Promise.all(apps.map((app, i) => apiAs({ cookie: cookies[i]! }, "/api/backups", {}, app.url)));
    const listed = await simulatorList<{ id: number }>("/backups/");
    for (const list of lists) {
      expect(list.status, list.text).toBe(200);
      const body = list.body as { results: { id: number }[]; snapshot_at: string | null; error: unknown };
      expect(new Set(body.results.map((backup) => backup.id))).toEqual(new Set(listed.map((backup) => backup.id)));
      expect(body.error).toBeNull();
      expect(Date.now() - Date.parse(body.snapshot_at!)).toBeLessThan(5_000);
    }
    // One picture, one ETag, whichever instance answers. Each poll moves `snapshot_at` (part of the
    // ETag), so two requests sent together may straddle one: asked again, they agree — two instances
    // that computed ETags of their own never would.
    const etags = await eventually("the same ETag from both instances", async () => {
      const pair = await Promise.all(
        apps.map(async (app, i) =>
          (await apiAs({ cookie: cookies[i]! }, "/api/backups", {}, app.url)).headers.get("etag"),
        ),
      );
      return pair[0] === pair[1] ? pair : undefined;
    });
    expect(etags[0]).toMatch(/^"/);

    // 20 viewers over both instances, each polling both lists 3 times: only the watcher reads VPS.org.
    await clearRequestLog();
    await Promise.all(
      Array.from({ length: 20 }, async (_, viewer) => {
        const app = apps[viewer % 2]!;
        for (let round = 0; round < 3; round++) {
          for (const path of ["/api/backups", "/api/servers"]) {
            const answer = await apiAs({ cookie: cookies[viewer % 2]! }, path, {}, app.url);
            expect(answer.status, answer.text).toBe(200);
          }
        }
      }),
    );
    const requests = await upstreamRequests();
    const firstPage = (r: { query: Record<string, string> }) => (r.query.page ?? "1") === "1";
    const serverReads = requests.filter(
      (r) => r.method === "GET" && r.path.startsWith("/api/v1/servers") && firstPage(r),
    );
    const pollsBackupReads = requests.filter(
      (r) => r.method === "GET" && r.path.startsWith("/api/v1/backups") && firstPage(r),
    );
    // Each of the watcher's polls reads the servers' first page once, beside the backups' first page; the 60
    // viewer reads of /api/servers add none (read from VPS.org, they would be 60). Counted against the
    // polls rather than the time taken: a busy machine makes the time, not the counts, vary.
    expect(serverReads.length).toBeLessThanOrEqual(pollsBackupReads.length + 1);
    expect(serverReads.length).toBeLessThan(20);
  });

  it("has a deletion through one instance gone from the other's list within a second", async () => {
    const [first, second] = apps as [AppProcess, AppProcess];
    const [one, two] = await Promise.all([signedInCookie(first), signedInCookie(second)]);
    const created = await apiAs(
      { cookie: one },
      "/api/backups",
      jsonRequest("POST", { server_id: serverId, description: "deleted across" }),
      first.url,
    );
    expect(created.status, created.text).toBe(201);
    const { id } = created.body as { id: number };
    const listedOn = async (cookie: string, app: AppProcess) =>
      ((await apiAs({ cookie }, "/api/backups", {}, app.url)).body as { results: { id: number }[] }).results.some(
        (backup) => backup.id === id,
      );
    expect(await listedOn(two, second)).toBe(true);
    await eventually("completed", async () =>
      (await events(id)).some((event) => event.kind === "backup.completed") ? true : undefined,
    );
    const deleted = await apiAs({ cookie: one }, `/api/backups/${id}`, { method: "DELETE" }, first.url);
    expect(deleted.status, deleted.text).toBe(204);
    const deletedAt = Date.now();
    await eventually("gone from the other instance", async () => ((await listedOn(two, second)) ? undefined : true));
    expect(Date.now() - deletedAt).toBeLessThan(1_000);
  });

  it("keeps the last good list beside VPS.org's failure, with since when, and recovers by itself", async () => {
    const app = apps[0]!;
    const cookie = await signedInCookie(app);
    const before = (await apiAs({ cookie }, "/api/backups", {}, app.url)).body as { results: { id: number }[] };
    await addFault({ mode: "error", status: 500, method: "GET", path: "/backups/" });
    try {
      const failing = await eventually("the failure beside the list", async () => {
        const answer = await apiAs({ cookie }, "/api/backups", {}, app.url);
        const body = answer.body as {
          results: { id: number }[];
          error: { code: string; message: string; since: string } | null;
          snapshot_at: string;
        };
        return answer.status === 200 && body.error ? body : undefined;
      });
      expect(failing.results.map((backup) => backup.id)).toEqual(before.results.map((backup) => backup.id));
      expect(failing.error).toMatchObject({ code: "provider_unavailable" });
      expect(failing.error!.message.length).toBeGreaterThan(0);
      expect(Date.parse(failing.error!.since)).toBeGreaterThanOrEqual(Date.parse(failing.snapshot_at));
      // The servers' answer tells the same failure (one poll reads both).
      const servers = (await apiAs({ cookie }, "/api/servers", {}, app.url)).body as { error: unknown };
      expect(servers.error).toEqual(failing.error);
    } finally {
      await clearFaults();
    }
    await eventually("recovered", async () => {
      const body = (await apiAs({ cookie }, "/api/backups", {}, app.url)).body as { error: unknown };
      return body.error === null ? true : undefined;
    });
  });

  it("moves to the other instance within two lease periods when its holder is killed", async () => {
    const holder = apps.find(watching)!;
    const other = apps.find((app) => app !== holder)!;
    const before = await holderOf();
    const [{ generation }] = (await query<{ generation: number }>(
      "select generation from account_snapshot where id = 1",
    )) as [{ generation: number }];
    await holder.kill();
    // The killed holder's last renewal, read before anyone could take it over (it lasts LEASE_MS).
    const [last] = await query<{ holder: string; expires_at: Date }>(
      "select holder, expires_at from job_lease where name = 'watcher'",
    );
    await eventually("a new holder", async () => (watching(other) ? true : undefined), 4 * LEASE_MS);
    const [taken] = await query<{ acquired_at: Date }>("select acquired_at from job_lease where name = 'watcher'");
    // Taken over within a lease period of the last renewal's expiry: within two lease periods of the kill.
    expect(last?.holder).toBe(before?.holder);
    expect(taken!.acquired_at.getTime() - last!.expires_at.getTime()).toBeLessThanOrEqual(LEASE_MS);
    expect((await holderOf())?.holder).not.toBe(before?.holder);
    // It carries on from the same picture: a change at VPS.org is seen by the new holder.
    const created = await provider("/backups/", { method: "POST", body: JSON.stringify({ server_id: serverId }) });
    const { id } = (await created.json()) as { id: number };
    await eventually("seen by the new holder", async () => ((await events(id)).length > 0 ? true : undefined));
    const [after] = await query<{ generation: number }>("select generation from account_snapshot where id = 1");
    expect(after!.generation).toBeGreaterThan(generation);
  });
});
