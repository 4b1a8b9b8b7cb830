// Child processes for the benchmark: the simulator and `next start`, each on a free port,
// stopped by process id (never by name).
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { freePort } from "../free-port";

export const root = path.resolve(import.meta.dirname, "../..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

export interface Running {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export interface RunningApp extends Running {
  /** A signed-in admin's session cookie, for the API and the browser. */
  cookie: string;
}

const ADMIN = { email: "bench-admin@example.com", password: "bench admin password" };

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
}

export async function startSimulatorProcess(options: {
  token: string;
  pageSize: number;
  seed: "default" | "large";
}): Promise<Running> {
  const child = spawn(
    bin("tsx"),
    [
      path.join(root, "simulator", "main.ts"),
      "--port",
      "0",
      "--page-size",
      String(options.pageSize),
      "--seed",
      options.seed,
    ],
    {
      cwd: root,
      env: { ...process.env, SIMULATOR_TOKEN: options.token },
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const apiUrl = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /listening on (\S+)/.exec(line);
      if (match?.[1]) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited with ${code}`)));
  });
  return { url: apiUrl.replace(/\/api\/v1$/, ""), child, stop: stopper(child) };
}

/** The dashboard as `npm start` runs it (scripts/serve.ts), with its own fresh store and an admin, signed in. */
export async function startApp(env: Record<string, string>): Promise<RunningApp> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const data = mkdtempSync(path.join(tmpdir(), "dashboard-bench-"));
  const child = spawn(bin("tsx"), [path.join(root, "scripts", "serve.ts"), "start"], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      VPSORG_API_URL: "",
      DATABASE_URL: `file:${path.join(data, "dashboard.sqlite")}`,
      BETTER_AUTH_SECRET: randomBytes(32).toString("hex"),
      BETTER_AUTH_URL: url,
      DASHBOARD_ADMIN_EMAIL: ADMIN.email,
      DASHBOARD_ADMIN_PASSWORD: ADMIN.password,
      ...env,
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the dashboard exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error("the dashboard did not come up in 60 s");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const signIn = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: url },
    body: JSON.stringify(ADMIN),
  });
  const cookie = signIn.headers
    .getSetCookie()
    .map((header) => header.split(";")[0])
    .join("; ");
  if (!signIn.ok || !cookie) throw new Error(`the bench admin could not sign in: ${signIn.status}`);
  return { url, child, stop: stopper(child), cookie };
}

export function run(command: string, args: string[], env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin(command), args, { cwd: root, env: { ...process.env, ...env }, stdio: "inherit" });
    child.once("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} ${args.join(" ")} exited with ${code}`)),
    );
  });
}
