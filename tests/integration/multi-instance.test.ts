import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBackupResultSchema } from "@/lib/backups/schemas";
import { healthSchema } from "@/lib/health/schemas";
import { runsInSqliteVariantOnly } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import {
  addFault,
  apiAs,
  clearFaults,
  clearRequestLog,
  control,
  cookieFrom,
  expectError,
  send,
  simulatorList,
  upstreamRequests,
  type ApiResult,
  providerEnv,
  WATCHED_ENV,
} from "./helpers";
import { linesOf } from "../log-lines";

// Two production servers of the dashboard on ONE PostgreSQL database (a fresh one in the test cluster,
// dropped at the end), with the same BETTER_AUTH_SECRET and BETTER_AUTH_URL (as behind a load balancer),
// in front of the one simulator: a session made on one works on the other, and an Idempotency-Key
// sent to both at once, or retried on the other after one was killed mid-create, makes one backup
// (the retry finds it in the picture of a third instance's account watcher, and the audit log settles
// the killed create's attempt with it); and they stand behind one circuit breaker. Counted on the
// simulator's request log.

const PG_URL =
  process.env.DATABASE_URL_TEST?.trim() || "postgres://dashboard_test:dashboard_test@127.0.0.1:5432/dashboard_test";
/** As in the store tests: DATABASE_URL_TEST=skip runs without PostgreSQL, and says so. */
const skipped =
  PG_URL === "skip" || runsInSqliteVariantOnly("multi-instance.test.ts", "a PostgreSQL database of its own");
if (PG_URL === "skip")
  console.warn("DATABASE_URL_TEST=skip: the multi-instance tests are skipped (they need PostgreSQL).");
/** The address users know the dashboard by; each instance also answers on its own port. */
const PUBLIC_URL = "http://dashboard.multi-instance.test";
const PAIRS = 20;
/** Holds each create at the provider, so the two requests of a pair overlap. */
const CREATE_LATENCY_MS = 150;
/** Holds the create that instance A is killed during. */
const KILLED_CREATE_LATENCY_MS = 3000;
/** The circuit breaker's cool-down on both instances (their default threshold: 5 failures in a row). */
const BREAKER_COOLDOWN_MS = 2000;
const BREAKER_THRESHOLD = 5;
/** Holds the half-open probe at the provider, so that the other instance asks while it is out. */
const PROBE_LATENCY_MS = 1000;

const database = `dashboard_mi_${randomBytes(5).toString("hex")}`;
let a: AppProcess | undefined;
let b: AppProcess | undefined;
/** A third instance with the account watcher on, started for the test that needs it. */
let watching: AppProcess | undefined;
/** The instances' environment. */
let env: Record<string, string>;
let cookie: string;
/** Servers of this file's own (the provider allows 10 manual backups each). */
let servers: number[];

async function admin<T>(query: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    return await query(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.href;
}

/** A query on the instances' own database. */
async function inStore<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

const create = (app: AppProcess, key: string, body: Record<string, unknown>): Promise<ApiResult> =>
  apiAs(
    { cookie },
    "/api/backups",
    {
      method: "POST",
      headers: { "Content-Type": "application/json", "Idempotency-Key": key },
      body: JSON.stringify(body),
    },
    app.url,
  );

const createsAtProvider = async () =>
  (await upstreamRequests()).filter((request) => request.method === "POST" && request.path === "/api/v1/backups/");

const manualBackupsOf = async (serverIds: number[]) =>
  (
    await simulatorList<{ id: number; server: { id: number }; description: string }>("/backups/?backup_type=manual")
  ).filter((backup) => serverIds.includes(backup.server.id));

beforeAll(async () => {
  if (skipped) return;
  await admin((client) => client.query(`create database "${database}"`));
  env = {
    DATABASE_URL: databaseUrl(),
    BETTER_AUTH_URL: PUBLIC_URL,
    ...providerEnv(),
    VPSORG_TIMEOUT_MS: "10000",
    VPSORG_BREAKER_COOLDOWN_MS: String(BREAKER_COOLDOWN_MS),
  };
  // One after the other: each makes sure of the admin at start.
  a = await startApp(env, { killable: true });
  b = await startApp(env);
  const signedIn = await send(`${a.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: PUBLIC_URL },
    body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
  });
  expect(signedIn.status, signedIn.text).toBe(200);
  cookie = cookieFrom(signedIn);
  servers = [];
  for (const name of ["mi-a", "mi-b", "mi-c"]) {
    const server = (await control("servers", { name: `${name}-${randomBytes(3).toString("hex")}` })) as { id: number };
    servers.push(server.id);
  }
}, 120_000);

afterAll(async () => {
  if (skipped) return;
  await clearFaults();
  await Promise.all([a?.stop(), b?.stop(), watching?.stop()]);
  await admin((client) => client.query(`drop database if exists "${database}" with (force)`));
});

describe.skipIf(skipped)("two dashboard instances on one PostgreSQL database", () => {
  it("share the session: signed in on one, the other knows the user", async () => {
    const onB = await apiAs({ cookie }, "/api/backups", {}, b!.url);
    expect(onB.status, onB.text).toBe(200);
  });

  it(`make one backup per Idempotency-Key over ${PAIRS} pairs sent to both at once`, { timeout: 60_000 }, async () => {
    const pairServers = servers.slice(0, 2);
    const before = await manualBackupsOf(pairServers);
    await clearRequestLog();
    await addFault({ mode: "latency", latency_ms: CREATE_LATENCY_MS, method: "POST", path: "/backups/" });
    const answered: number[] = [];
    try {
      for (let pair = 0; pair < PAIRS; pair += 1) {
        const key = randomUUID();
        const body = { server_id: pairServers[pair % 2], description: `pair ${pair}` };
        const [onA, onB] = await Promise.all([create(a!, key, body), create(b!, key, body)]);
        expect([onA.status, onB.status], `${onA.text} / ${onB.text}`).toEqual([201, 201]);
        const [fromA, fromB] = [createBackupResultSchema.parse(onA.body), createBackupResultSchema.parse(onB.body)];
        expect(fromB.id).toBe(fromA.id);
        // One ran, the other waited for it and replayed its answer.
        expect([onA.headers.get("idempotent-replayed"), onB.headers.get("idempotent-replayed")].sort()).toEqual(
          ["true", null].sort(),
        );
        answered.push(fromA.id);
      }
    } finally {
      await clearFaults();
    }
    expect(await createsAtProvider()).toHaveLength(PAIRS);
    const made = (await manualBackupsOf(pairServers)).filter((backup) => !before.some((old) => old.id === backup.id));
    expect(made.map((backup) => backup.id).sort()).toEqual([...answered].sort());
    expect(new Set(answered).size).toBe(PAIRS);
  });

  it(
    "share one circuit breaker: tripped through A, B fails fast and reports it open, one probe goes for both, both recover",
    { timeout: 30_000 },
    async () => {
      const { id: serverId } = (await control("servers", { name: `mi-breaker-${randomBytes(3).toString("hex")}` })) as {
        id: number;
      };
      const attempt = (app: AppProcess, n: number) =>
        create(app, randomUUID(), { server_id: serverId, description: `breaker ${n}` });
      await clearRequestLog();
      await addFault({ mode: "error", status: 503 }); // every request: VPS.org is down
      try {
        // A create is never retried: each one is one failure, all of them on A.
        for (let n = 0; n < BREAKER_THRESHOLD; n += 1) expectError(await attempt(a!, n), "provider_unavailable", 502);
        expect(await createsAtProvider()).toHaveLength(BREAKER_THRESHOLD);

        await clearRequestLog();
        const started = Date.now();
        const fast = await attempt(b!, BREAKER_THRESHOLD);
        expect(Date.now() - started).toBeLessThan(1000);
        const error = expectError(fast, "provider_unavailable", 502);
        expect(error.message).toMatch(/VPS.org appears to be down \(5 failed requests in a row\).*will try again in/);
        expect(Number(fast.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
        // B's health (an admin's: a fresh check, which the open circuit does not let through) says so.
        const onB = healthSchema.parse((await apiAs({ cookie }, "/api/health", {}, b!.url)).body);
        expect(onB).toMatchObject({ status: "degraded", provider: { reachable: false, circuit: "open" } });
        const retryAt = Date.parse(onB.provider.retryAt ?? "");
        expect(retryAt).toBeGreaterThan(Date.now());
        expect(retryAt - Date.now()).toBeLessThanOrEqual(BREAKER_COOLDOWN_MS);
        // An anonymous monitor's, on A, answers from the last shared check: the same breaker.
        const onA = healthSchema.parse((await send(`${a!.url}/api/health`)).body);
        expect(onA.provider).toMatchObject({ circuit: "open", retryAt: onB.provider.retryAt });
        expect(await upstreamRequests(), "nothing reaches VPS.org while the circuit is open").toEqual([]);

        // VPS.org is back, slow to answer: past the cool-down, of a create sent to each instance at
        // once exactly one goes through as the probe; the other is told the dashboard is checking.
        await clearFaults();
        await addFault({ mode: "latency", latency_ms: PROBE_LATENCY_MS, method: "POST", path: "/backups/" });
        await new Promise((resolve) => setTimeout(resolve, retryAt - Date.now() + 50));
        const both = await Promise.all([attempt(a!, 10), attempt(b!, 11)]);
        expect(both.map((answer) => answer.status).sort(), both.map((answer) => answer.text).join(" / ")).toEqual([
          201, 502,
        ]);
        const refused = both.find((answer) => answer.status === 502)!;
        expect(expectError(refused, "provider_unavailable", 502).message).toMatch(/checking right now/);
        expect(await createsAtProvider()).toHaveLength(1);

        // The probe's success closed it for both.
        await clearFaults();
        for (const app of [a!, b!]) {
          const health = healthSchema.parse((await apiAs({ cookie }, "/api/health", {}, app.url)).body);
          expect(health).toMatchObject({ status: "ok", provider: { circuit: "closed", retryAt: null } });
        }
        expect((await attempt(b!, 12)).status).toBe(201);
        expect((await attempt(a!, 13)).status).toBe(201);
        // Neither stepped aside for a failure of the store (the breaker's state is in PostgreSQL here).
        expect([...linesOf(a!.stdout(), "circuit"), ...linesOf(b!.stdout(), "circuit")]).toEqual([]);
      } finally {
        await clearFaults();
      }
    },
  );

  it(
    "answer a retry on the other instance with the backup a killed instance's create made, without creating again",
    {
      timeout: 90_000,
    },
    async () => {
      // The watcher runs on a third instance (short cadences), so the other tests count exact requests.
      watching = await startApp({
        ...env,
        ...WATCHED_ENV,
      });
      await expect
        .poll(() => linesOf(watching!.stdout(), "watcher", /^this instance watches the account$/).length, {
          timeout: 10_000,
        })
        .toBeGreaterThan(0);
      const serverId = servers[2]!;
      const key = randomUUID();
      const body = { server_id: serverId, description: `killed mid-create ${key.slice(0, 8)}` };
      await clearRequestLog();
      await addFault({
        mode: "latency",
        latency_ms: KILLED_CREATE_LATENCY_MS,
        method: "POST",
        path: "/backups/",
        times: 1,
      });

      const inFlight = create(a!, key, body).catch((error: unknown) => error); // its answer never comes
      await expect.poll(async () => (await createsAtProvider()).length, { timeout: 10_000, interval: 50 }).toBe(1);
      await a!.kill();
      await expect(fetch(`${a!.url}/api/health`)).rejects.toThrow(); // nothing of A is left serving
      expect(await inFlight).toBeInstanceOf(Error);

      // The provider finishes the create A asked for: the backup exists, A never learned its id.
      await expect
        .poll(
          async () => (await manualBackupsOf([serverId])).filter((backup) => backup.description === body.description),
          {
            timeout: 10_000,
            interval: 100,
          },
        )
        .toHaveLength(1);
      const [made] = (await manualBackupsOf([serverId])).filter((backup) => backup.description === body.description);

      // B waits out A's lease (A no longer renews it), then looks for the backup instead of creating one:
      // in the picture of a poll it asks the watcher for.
      const retried = await create(b!, key, body);
      expect(retried.status, retried.text).toBe(201);
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      const answer = createBackupResultSchema.parse(retried.body);
      expect(answer).toMatchObject({ id: made!.id, server: { id: serverId }, description: body.description });
      expect(answer.created_by?.email).toBe(ADMIN.email);

      const creates = await createsAtProvider();
      expect(creates).toHaveLength(1);
      expect(
        (await manualBackupsOf([serverId])).filter((backup) => backup.description === body.description),
      ).toHaveLength(1);
      // Not from a list of its own: the watcher polls the whole account, never one server's backups.
      expect(
        (await upstreamRequests()).filter((request) => request.method === "GET" && request.query.server_id),
      ).toEqual([]);

      // Remembered: a further retry replays it without asking VPS.org to create anything.
      await clearRequestLog();
      const again = await create(b!, key, body);
      expect(createBackupResultSchema.parse(again.body).id).toBe(made!.id);
      expect(await createsAtProvider()).toEqual([]);

      // The audit log: A's attempt, then one appended outcome that settles it, naming the backup.
      const audit = await apiAs({ cookie }, `/api/audit?action=backup.create&server_id=${serverId}`, {}, b!.url);
      expect(audit.status, audit.text).toBe(200);
      const entries = (audit.body as { entries: { outcome: string; target: Record<string, string | null> }[] }).entries;
      expect(entries.map((entry) => [entry.outcome, entry.target.backupId, entry.target.description])).toEqual([
        ["reconciled", String(made!.id), body.description],
        ["attempt", null, body.description],
      ]);
      const [attempt] = await inStore<{ id: number }>(
        "select id from audit_log where outcome = 'attempt' and description = $1",
        [body.description],
      );
      expect(await inStore("select outcome, backup_id from audit_log where attempt_id = $1", [attempt!.id])).toEqual([
        { outcome: "reconciled", backup_id: String(made!.id) },
      ]);

      // The create is on record as done, and the list (from the watcher's picture, whose next poll
      // reads who made each backup from the audit log) says who made the backup.
      await expect
        .poll(async () => {
          const listed = await apiAs({ cookie }, `/api/backups?server_id=${serverId}`, {}, b!.url);
          const results = (listed.body as { results: { id: number; created_by: { email: string } | null }[] }).results;
          return results.find((backup) => backup.id === made!.id)?.created_by?.email;
        })
        .toBe(ADMIN.email);
    },
  );
});
