import { chmodSync, existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CANARY_TOKEN } from "../canary";
import { runsInSqliteVariantOnly } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import { signedInCookie, simulatorUrl } from "./helpers";
import { linesOf } from "../log-lines";

// The store holds password hashes and sessions, and data/auth-secret signs the cookies: a production
// server creates their folder 0700 and the files 0600 (the SQLite database, its WAL and shared-memory
// files, the generated secret), and tightens ones an earlier version left readable by every local user.

const STORE_FILES = ["dashboard.sqlite", "dashboard.sqlite-wal", "dashboard.sqlite-shm"];

const modeOf = (file: string) => statSync(file).mode & 0o777;
const scratch = () => mkdtempSync(path.join(tmpdir(), "dashboard-it-files-"));

/** A provider the server reaches over HTTP, as in global-setup.ts. */
const upstream = () => ({
  VPSORG_API_URL: `${simulatorUrl()}/api/v1`,
  VPSORG_API_TOKEN: CANARY_TOKEN,
  VPSORG_SIMULATOR_URL: "",
});

/** The embedded-simulator mode, where BETTER_AUTH_SECRET may be left unset and is generated into ./data. */
const simulatorMode = () => ({
  VPSORG_API_URL: "",
  VPSORG_API_TOKEN: "",
  VPSORG_SIMULATOR_URL: simulatorUrl(),
  VPSORG_SIMULATOR_TOKEN: CANARY_TOKEN,
  BETTER_AUTH_SECRET: "",
});

const running: AppProcess[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((app) => app.stop()));
});

async function start(env: Record<string, string>, cwd?: string): Promise<AppProcess> {
  const app = await startApp(env, { cwd, bareNextStart: true });
  running.push(app);
  return app;
}

async function stop(app: AppProcess): Promise<void> {
  running.splice(running.indexOf(app), 1);
  await app.stop();
}

/** Signs in: a session row is written, so the WAL exists. */
async function write(app: AppProcess): Promise<void> {
  await signedInCookie(ADMIN.email, ADMIN.password, app.url);
}

function expectPrivate(dir: string, files: string[]) {
  expect(modeOf(dir), dir).toBe(0o700);
  for (const name of files) {
    const file = path.join(dir, name);
    expect(existsSync(file), file).toBe(true);
    expect(modeOf(file), file).toBe(0o600);
  }
}

const skipped = runsInSqliteVariantOnly("store-files.test.ts", "SQLite files of their own");

describe.skipIf(skipped)("the store's files", () => {
  it("in a fresh folder named by DATABASE_URL: every folder created 0700, every file 0600 after a write", async () => {
    const base = scratch();
    chmodSync(base, 0o755);
    const dir = path.join(base, "store", "nested");
    const app = await start({ ...upstream(), DATABASE_URL: `file:${path.join(dir, "dashboard.sqlite")}` });
    await write(app);
    expectPrivate(dir, STORE_FILES);
    expect(modeOf(path.join(base, "store"))).toBe(0o700);
    expect(modeOf(base)).toBe(0o755);
  });

  it("in the default ./data: the folder 0700, the database, WAL, shared memory and generated secret 0600", async () => {
    const cwd = scratch();
    const app = await start({ ...simulatorMode(), DATABASE_URL: "" }, cwd);
    await write(app);
    expectPrivate(path.join(cwd, "data"), [...STORE_FILES, "auth-secret"]);
  });

  it("in the default ./data: what an earlier version left readable by everyone is tightened at start", async () => {
    const cwd = scratch();
    const data = path.join(cwd, "data");
    const first = await start({ ...simulatorMode(), DATABASE_URL: "" }, cwd);
    await write(first);
    await stop(first);
    chmodSync(data, 0o755);
    for (const name of [...STORE_FILES, "auth-secret"])
      if (existsSync(path.join(data, name))) chmodSync(path.join(data, name), 0o644);

    const second = await start({ ...simulatorMode(), DATABASE_URL: "" }, cwd);
    expect(modeOf(data)).toBe(0o700);
    for (const name of ["dashboard.sqlite", "auth-secret"]) expect(modeOf(path.join(data, name)), name).toBe(0o600);
    await write(second);
    expectPrivate(data, [...STORE_FILES, "auth-secret"]);
  });

  it("in an existing folder named by DATABASE_URL: looser files are tightened, the folder is left with a warning", async () => {
    const dir = scratch();
    const env = { ...upstream(), DATABASE_URL: `file:${path.join(dir, "dashboard.sqlite")}` };
    const first = await start(env);
    await write(first);
    await stop(first);
    chmodSync(dir, 0o755);
    for (const name of STORE_FILES) if (existsSync(path.join(dir, name))) chmodSync(path.join(dir, name), 0o644);

    const second = await start(env);
    await write(second);
    for (const name of STORE_FILES) expect(modeOf(path.join(dir, name)), name).toBe(0o600);
    // Possibly a shared folder (/tmp, the project): not the dashboard's to change.
    expect(modeOf(dir)).toBe(0o755);
    expect(linesOf(second.stdout(), "store").map((line) => line.msg)).toContainEqual(
      expect.stringContaining(`The folder ${dir} can be listed by other local users (mode 0755)`),
    );
  });
});
