// The start command: checks the configuration, starts the embedded VPS.org simulator when no
// real provider is configured, then serves Next.js (`start` for the production build, `dev`) from
// its own HTTP server, which tells the app each client's address (scripts/app-server.ts).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import nextEnv from "@next/env";
import { parseAuthEnv } from "../lib/auth/server/auth-env";
import { startAppServer, type AppServer } from "./app-server";
import { ConfigError, parseEnv, type Env } from "../lib/config/env-schema";
import { parseDbEnv } from "../lib/db/db-env";
import { routeConsoleToLogger } from "../lib/log/console";
import { componentLogger } from "../lib/log/logger";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

async function main(): Promise<void> {
  const command = process.argv[2];
  if (command !== "start" && command !== "dev") fail("usage: tsx scripts/serve.ts start|dev");
  // As `next start` and `next dev` do; before the first line is logged: it decides JSON or pretty lines.
  (process.env as Record<string, string | undefined>).NODE_ENV ||= command === "dev" ? "development" : "production";
  // Next.js's own lines (and any library's console output) become log lines too.
  routeConsoleToLogger();

  // The same .env files Next.js reads, so both sides agree on the configuration.
  nextEnv.loadEnvConfig(root, command === "dev", {
    info: () => {},
    error: (...args: unknown[]) => log().error(args.map(String).join(" ")),
  });
  let env: Env;
  let signIn: string;
  let trustedProxies: string[];
  try {
    env = parseEnv(process.env);
    parseDbEnv(process.env);
    const auth = parseAuthEnv(process.env);
    trustedProxies = auth.AUTH_TRUSTED_PROXIES;
    const baseUrl = (auth.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
    signIn = auth.DASHBOARD_ADMIN_EMAIL
      ? `Sign in at ${baseUrl}/sign-in as ${auth.DASHBOARD_ADMIN_EMAIL} (DASHBOARD_ADMIN_PASSWORD).`
      : `Sign in at ${baseUrl}/sign-in; on a first run (no users yet) open the setup link printed below to create the first admin.`;
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (command === "start" && !existsSync(path.join(root, ".next", "BUILD_ID"))) {
    fail("There is no production build yet: run `npm run build` first (or `npm run dev`).");
  }

  const children: ChildProcess[] = [];
  let banner: string;

  if (env.VPSORG_API_URL) {
    banner = `VPS.org API: ${new URL(env.VPSORG_API_URL).origin} (the real account)`;
  } else if (env.VPSORG_SIMULATOR_URL) {
    banner = `VPS.org simulator: ${env.VPSORG_SIMULATOR_URL} (sample data, not a real account)`;
  } else {
    const token = `vps_sim_${randomBytes(18).toString("hex")}`;
    const simulator = await startSimulator(token);
    children.push(simulator.child);
    process.env.VPSORG_SIMULATOR_URL = simulator.apiUrl;
    process.env.VPSORG_SIMULATOR_TOKEN = token;
    banner = `Embedded VPS.org simulator: ${simulator.apiUrl} (sample data, not a real account)`;
  }

  let app: AppServer | null = null;
  let stopping = false;
  const stopAll = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    await app?.close().catch(() => {});
    process.exit(exitCode);
  };
  process.on("SIGINT", () => void stopAll(0));
  process.on("SIGTERM", () => void stopAll(0));
  for (const child of children) child.on("exit", () => void stopAll(1));

  process.env.PORT = String(env.PORT);
  try {
    app = await startAppServer({ dev: command === "dev", dir: root, port: env.PORT, trustedProxies });
  } catch (error) {
    log().fatal(`The dashboard could not start: ${error instanceof Error ? error.message : String(error)}`);
    await stopAll(1);
  }
  log().info(
    { dashboard: `http://localhost:${env.PORT}` },
    `Dashboard: http://localhost:${env.PORT}. ${banner}. ${signIn}`,
  );
}

function startSimulator(token: string): Promise<{ child: ChildProcess; apiUrl: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin("tsx"), [path.join(root, "simulator", "main.ts"), "--port", "0"], {
      cwd: root,
      env: { ...process.env, SIMULATOR_TOKEN: token },
      stdio: ["ignore", "pipe", "inherit"],
    });
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match?.[1]) resolve({ child, apiUrl: match[1] });
      else componentLogger("simulator").info(line);
    });
    child.on("exit", (code) => reject(new Error(`The embedded simulator exited (code ${code}) before it was ready.`)));
  });
}

function fail(message: string): never {
  log().fatal(message);
  process.exit(1);
}

/** The start command's own lines (JSON, or pretty under `dev`), like the server's. */
const log = () => componentLogger("start");

main().catch((error: unknown) => {
  log().fatal(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
