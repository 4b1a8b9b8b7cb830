import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthSchema } from "@/lib/health/schemas";
import { CANARY_TOKEN } from "../canary";
import { runsInSqliteVariantOnly } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import {
  apiAs,
  clearRequestLog,
  expectError,
  send,
  serverWithRoom,
  signIn,
  signedInCookie,
  simulatorUrl,
  upstreamRequests,
} from "./helpers";
import { createPrivatePostgres, postgresBinDir, type PrivatePostgres } from "./private-postgres";
import { linesOf } from "../log-lines";

// Issue 9, "Store failures": a dashboard on a PostgreSQL of this test's own, which it really stops
// (pg_ctl stop -m fast, as an operator would) and starts again. While it is down every request that
// needs the store is answered 503 store_unavailable with Retry-After (not 500 internal_error),
// /api/health says so, nothing is asked of VPS.org, and the process neither crashes nor logs an
// uncaught exception; once PostgreSQL is back the same requests succeed without a restart.

const binDir = postgresBinDir();
if (!binDir) {
  console.warn(
    "store-outage.test.ts is skipped: no PostgreSQL server binaries under /usr/lib/postgresql (Debian: apt-get install postgresql; .ci/run installs them).",
  );
}
const skipped = !binDir || runsInSqliteVariantOnly("store-outage.test.ts", "a PostgreSQL cluster of its own");

describe.skipIf(skipped)("a dashboard whose PostgreSQL stops and starts again", () => {
  let cluster: PrivatePostgres | undefined;
  let app: AppProcess | undefined;
  let cookie: string;
  let serverId: number;

  beforeAll(async () => {
    cluster = await createPrivatePostgres(binDir!);
    await cluster.start();
    app = await startApp({
      VPSORG_API_URL: `${simulatorUrl()}/api/v1`,
      VPSORG_API_TOKEN: CANARY_TOKEN,
      VPSORG_SIMULATOR_URL: "",
      VPSORG_CACHE_TTL_MS: "0",
      DATABASE_URL: cluster.url,
    });
    cookie = await signedInCookie(ADMIN.email, ADMIN.password, app.url);
    serverId = await serverWithRoom();
  });

  afterAll(async () => {
    try {
      await app?.stop();
    } finally {
      await cluster?.destroy();
    }
  });

  const listBackups = () => apiAs({ cookie }, "/api/backups", {}, app!.url);
  const createBackup = () =>
    apiAs(
      { cookie },
      "/api/backups",
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Origin: app!.url },
        body: JSON.stringify({ server_id: serverId, description: "store outage test" }),
      },
      app!.url,
    );
  const health = () => send(`${app!.url}/api/health`);
  const backupPosts = async () =>
    (await upstreamRequests()).filter((request) => request.method === "POST" && request.path === "/api/v1/backups/");

  it("answers as usual while PostgreSQL runs", async () => {
    expect((await listBackups()).status).toBe(200);
    const answer = await health();
    expect(answer.status).toBe(200);
    expect(healthSchema.parse(answer.body).store).toEqual({ status: "ok", message: null });
  });

  it("with PostgreSQL stopped: 503 store_unavailable with Retry-After everywhere, nothing sent to VPS.org, no crash", async () => {
    await cluster!.stop();
    await clearRequestLog();

    for (const answer of [
      await listBackups(),
      await createBackup(),
      await signIn(ADMIN.email, ADMIN.password, { base: app!.url }),
    ]) {
      const error = expectError(answer, "store_unavailable", 503);
      expect(error.message).toMatch(/database cannot be reached right now/);
      expect(answer.headers.get("retry-after")).toBe("5");
    }
    // The create was stopped before it reached VPS.org.
    expect(await backupPosts()).toEqual([]);

    const answer = await health();
    expect(answer.status).toBe(503);
    expect(answer.headers.get("retry-after")).toBe("5");
    const parsed = healthSchema.parse(answer.body);
    expect(parsed.status).toBe("unavailable");
    expect(parsed.store.status).toBe("unavailable");
    expect(parsed.store.message).toMatch(/database cannot be reached/);

    // A page: its render fails with the store's digest, which the error page (app/error.tsx) reads
    // to say that the database cannot be reached.
    const page = await send(`${app!.url}/`, { headers: { cookie } });
    expect(page.status).toBe(500);
    expect(page.text).toMatch(/digest\\*":\\*"store_unavailable/);

    // Still the same process, and nothing it wrote is an uncaught error or names the password.
    expect((await health()).status).toBe(503);
    const output = app!.output();
    expect(output).not.toMatch(/uncaughtException|unhandledRejection|Unhandled|internal_error|SERVER_ERROR/);
    expect(linesOf(app!.stdout(), "store", /^PostgreSQL cannot be reached/)).toHaveLength(1);
    expect(output).not.toContain(cluster!.password);
  });

  it("once PostgreSQL is started again: the same requests succeed, without restarting the dashboard", async () => {
    await cluster!.start();
    await clearRequestLog();

    expect((await listBackups()).status).toBe(200);
    const created = await createBackup();
    expect(created.status, created.text).toBe(201);
    expect(await backupPosts()).toHaveLength(1);
    expect((await signIn(ADMIN.email, ADMIN.password, { base: app!.url })).status).toBe(200);
    const answer = await health();
    expect(answer.status).toBe(200);
    expect(healthSchema.parse(answer.body).store.status).toBe("ok");
    expect((await send(`${app!.url}/`, { headers: { cookie } })).status).toBe(200);

    const output = app!.output();
    expect(linesOf(app!.stdout(), "store", /^PostgreSQL answers again/)).toHaveLength(1);
    expect(output).not.toMatch(/uncaughtException|unhandledRejection/);
    expect(output).not.toContain(cluster!.password);
  });
});
