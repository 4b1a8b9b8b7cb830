import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "../../scripts/free-port";
import path from "node:path";
import { CANARY_AUTH_SECRET } from "../canary";
import { createFreshDatabase, storeUnderTest, type FreshDatabase } from "../store-under-test";

// One production server of the dashboard, started as the README's `npm start` starts it (the start
// command, scripts/serve.ts, serving the build from its own HTTP server), on a free port, with its
// own fresh store of the suite's kind (TEST_STORE: a SQLite file, or a PostgreSQL database dropped
// when it stops) unless the test names one in DATABASE_URL; used by global-setup.ts and by tests
// that need a server of their own.

/** The admin every test server creates at start (DASHBOARD_ADMIN_EMAIL / DASHBOARD_ADMIN_PASSWORD). */
export const ADMIN = { email: "admin@integration.test", password: "integration admin password" };

export interface AppProcess {
  url: string;
  /** Its store's DATABASE_URL, for tests that check or age what it holds (tests/store-under-test.ts `withStore`). */
  databaseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  output(): string;
  /** What it wrote to stdout alone: its log, one JSON object a line (lib/log/logger.ts). */
  stdout(): string;
  /** SIGTERM, and once it has exited, its fresh store is removed (not one the test named). */
  stop(): Promise<void>;
  /**
   * SIGKILL to the whole server at once (the start command, tsx's node and Next.js), as a crash or an
   * OOM kill ends it: nothing gets to clean up. Only for a server started with `killable`.
   */
  kill(): Promise<void>;
}

export interface StartAppOptions {
  log?: NodeJS.WritableStream;
  /** `next start` itself, without the start command's server: what a deployment that skips it gets. */
  bareNextStart?: boolean;
  /**
   * The folder the server runs in (its ./data), instead of the project; the tests of the store's
   * default location set it, with DATABASE_URL empty (with `bareNextStart`, which takes the project's folder).
   */
  cwd?: string;
  /** Its own process group, so `kill()` reaches every process of it (tsx runs the start command in a child). */
  killable?: boolean;
}

export async function startApp(env: Record<string, string>, options: StartAppOptions = {}): Promise<AppProcess> {
  const { log } = options;
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, "../..");
  const url = `http://127.0.0.1:${port}`;
  // A store of its own unless the test names one (also "", the default location).
  const fresh: FreshDatabase | null =
    env.DATABASE_URL === undefined ? await createFreshDatabase(storeUnderTest(), "it") : null;
  const databaseUrl = fresh?.url ?? env.DATABASE_URL!;
  const [command, args] = options.bareNextStart
    ? [path.join(root, "node_modules/.bin/next"), ["start", root, "--port", String(port)]]
    : [path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/serve.ts"), "start"]];
  const app: ChildProcess = spawn(command, args, {
    cwd: options.cwd ?? root,
    env: {
      ...process.env,
      // As in production: not vitest's NODE_ENV=test, under which libraries take shortcuts.
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: CANARY_AUTH_SECRET,
      BETTER_AUTH_URL: url,
      DASHBOARD_ADMIN_EMAIL: ADMIN.email,
      DASHBOARD_ADMIN_PASSWORD: ADMIN.password,
      // The lists are not read from the watcher's picture yet, and most suites count the requests that
      // reach the simulator exactly: the watcher runs only where a test turns it on (watcher.test.ts, multi-instance.test.ts).
      WATCHER: "off",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: options.killable === true,
  });
  const exited = new Promise<void>((resolve) => app.once("exit", () => resolve()));
  const running = () => app.exitCode === null && app.signalCode === null;
  let output = "";
  let stdout = "";
  for (const stream of [app.stdout, app.stderr]) {
    stream?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    if (log) stream?.pipe(log, { end: false });
  }
  app.stdout?.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  const stop = async () => {
    if (running()) app.kill("SIGTERM");
    await exited;
    await fresh?.drop();
  };
  try {
    await waitForHttp(`${url}/api/health`, app, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    databaseUrl,
    output: () => output,
    stdout: () => stdout,
    stop,
    async kill() {
      if (!options.killable || app.pid === undefined)
        throw new Error("only a server started with `killable` can be killed");
      process.kill(-app.pid, "SIGKILL");
      await exited;
    },
  };
}

async function waitForHttp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(
        `the dashboard exited with code ${child.exitCode}; is there a build (npm run build)?\n${output()}`,
      );
    try {
      const response = await fetch(url);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within 60 s`);
}
