import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startSimulator } from "../../simulator/server";
import { CANARY_TOKEN } from "../canary";

// Starts the simulator (small pages, fast transitions) and the production build of the dashboard
// against it over real HTTP, configured as a real provider with the canary token.

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    simulatorUrl: string;
    appLogFile: string;
  }
}

export const UPSTREAM_TIMEOUT_MS = 1500;

export default async function setup(project: TestProject) {
  const simulator = await startSimulator({ port: 0, token: CANARY_TOKEN, pageSize: 3, backupDurationMs: 400, restoreDurationMs: 600 });
  const port = await freePort();
  const logFile = path.join(mkdtempSync(path.join(tmpdir(), "dashboard-it-")), "server.log");
  const log = createWriteStream(logFile);
  const root = path.resolve(import.meta.dirname, "../..");
  const app: ChildProcess = spawn(path.join(root, "node_modules/.bin/next"), ["start", "--port", String(port)], {
    cwd: root,
    env: {
      ...process.env,
      VPSORG_API_URL: simulator.apiUrl,
      VPSORG_API_TOKEN: CANARY_TOKEN,
      VPSORG_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
      VPSORG_SIMULATOR_URL: "",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.pipe(log);
  app.stderr?.pipe(log);

  const appUrl = `http://127.0.0.1:${port}`;
  await waitForHttp(`${appUrl}/api/health`, app);

  project.provide("appUrl", appUrl);
  project.provide("simulatorUrl", simulator.url);
  project.provide("appLogFile", logFile);

  return async () => {
    app.kill("SIGTERM");
    await new Promise((resolve) => (app.exitCode === null ? app.once("exit", resolve) : resolve(null)));
    log.end();
    await simulator.close();
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
