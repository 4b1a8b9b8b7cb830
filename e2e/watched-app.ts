import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { E2E_ADMIN, SIMULATOR_PORT, SIMULATOR_TOKEN } from "../playwright.config";
import { freePort } from "../scripts/free-port";

// A second dashboard for the specs that need the account watcher (e2e/activity.spec.ts): the same
// production build and simulator as the suite's app, with the watcher on and short cadences, its own
// fresh store and a free port, started by the spec and stopped after it. The suite's own app runs with
// WATCHER=off (its specs' faults must reach the page's requests, not a background poll), and while it
// does, this one only polls while its spec runs.

export interface WatchedApp {
  url: string;
  /** When the watcher last polled VPS.org (ms since the epoch; 0 before its first poll), from the store. */
  polledAt(): number;
  stop(): Promise<void>;
}

export async function startWatchedApp(): Promise<WatchedApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const databaseFile = path.join(mkdtempSync(path.join(tmpdir(), "vpsdash-e2e-watched-")), "dashboard.sqlite");
  const child: ChildProcess = spawn("node_modules/.bin/tsx", ["scripts/serve.ts", "start"], {
    env: {
      ...process.env,
      PORT: String(port),
      VPSORG_API_URL: "",
      VPSORG_SIMULATOR_URL: `http://127.0.0.1:${SIMULATOR_PORT}/api/v1`,
      VPSORG_SIMULATOR_TOKEN: SIMULATOR_TOKEN,
      VPSORG_TIMEOUT_MS: "3000",
      VPSORG_CACHE_TTL_MS: "0",
      WATCHER: "on",
      WATCHER_FAST_MS: "300",
      WATCHER_IDLE_MS: "1000",
      WATCHER_LEASE_MS: "2000",
      DATABASE_URL: `file:${databaseFile}`,
      BETTER_AUTH_SECRET: "e2e-watched-auth-secret-0123456789abcdef01234",
      BETTER_AUTH_URL: url,
      DASHBOARD_ADMIN_EMAIL: E2E_ADMIN.email,
      DASHBOARD_ADMIN_PASSWORD: E2E_ADMIN.password,
    },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group: stop() reaches tsx's node and Next.js too.
    detached: true,
  });
  let output = "";
  for (const stream of [child.stdout, child.stderr]) stream?.on("data", (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the watched dashboard exited (${child.exitCode}):\n${output}`);
    const answered = await fetch(`${url}/api/health`).then(
      (response) => response.status < 500,
      () => false,
    );
    if (answered) break;
    if (Date.now() > deadline) throw new Error(`the watched dashboard did not answer within 60 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    url,
    polledAt() {
      const db = new Database(databaseFile, { readonly: true, fileMustExist: true });
      try {
        const row = db.prepare("select polled_at from account_snapshot where id = 1").get() as
          { polled_at: string | null } | undefined;
        return row?.polled_at ? Date.parse(row.polled_at) : 0;
      } finally {
        db.close();
      }
    },
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, "SIGTERM");
      await exited;
    },
  };
}
