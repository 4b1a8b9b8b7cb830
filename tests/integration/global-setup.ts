import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startSimulator } from "../../simulator/server";
import { CANARY_TOKEN } from "../canary";

// Starts the simulator (small pages, fast transitions) and two production servers of the dashboard
// against it over real HTTP, configured as a real provider with the canary token:
// - `appUrl`: the list cache off (VPSORG_CACHE_TTL_MS=0), so tests that count the provider's requests
//   see every one, and a circuit-breaker cool-down of 1 s, so the provider-down test recovers quickly;
// - `cachedAppUrl`: the defaults (cache on, 2 s), for the fan-in tests only.
// Both share the one simulator; test files run one at a time, so one app is idle while the other is tested.

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    cachedAppUrl: string;
    simulatorUrl: string;
    appLogFile: string;
  }
}

export const UPSTREAM_TIMEOUT_MS = 1500;
export const BREAKER_COOLDOWN_MS = 1000;

export default async function setup(project: TestProject) {
  const simulator = await startSimulator({ port: 0, token: CANARY_TOKEN, pageSize: 3, backupDurationMs: 400, restoreDurationMs: 600 });
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), "dashboard-it-")), "server.log");
  const log = createWriteStream(logFile);
  const upstream = {
    VPSORG_API_URL: simulator.apiUrl,
    VPSORG_API_TOKEN: CANARY_TOKEN,
    VPSORG_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    VPSORG_SIMULATOR_URL: "",
  };
  const started = await Promise.allSettled([
    startApp({ ...upstream, VPSORG_CACHE_TTL_MS: "0", VPSORG_BREAKER_COOLDOWN_MS: String(BREAKER_COOLDOWN_MS) }, log),
    startApp({ ...upstream, VPSORG_CACHE_TTL_MS: "", VPSORG_BREAKER_COOLDOWN_MS: "" }, log),
  ]);
  const [app, cachedApp] = started.map((result) => (result.status === "fulfilled" ? result.value : undefined));
  if (!app || !cachedApp) {
    await Promise.all([app?.stop(), cachedApp?.stop(), simulator.close()]);
    const reason = started.find((result) => result.status === "rejected")?.reason;
    throw reason instanceof Error ? reason : new Error(String(reason));
  }

  project.provide("appUrl", app.url);
  project.provide("cachedAppUrl", cachedApp.url);
  project.provide("simulatorUrl", simulator.url);
  project.provide("appLogFile", logFile);

  return async () => {
    await Promise.all([app.stop(), cachedApp.stop()]);
    log.end();
    await simulator.close();
  };
}

async function startApp(env: Record<string, string>, log: NodeJS.WritableStream): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await freePort();
  const root = path.resolve(import.meta.dirname, "../..");
  const app: ChildProcess = spawn(path.join(root, "node_modules/.bin/next"), ["start", "--port", String(port)], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.pipe(log, { end: false });
  app.stderr?.pipe(log, { end: false });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/api/health`, app);
  return {
    url,
    async stop() {
      app.kill("SIGTERM");
      await new Promise((resolve) => (app.exitCode === null ? app.once("exit", resolve) : resolve(null)));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

async function waitForHttp(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with code ${child.exitCode}; is there a build (npm run build)?`);
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
