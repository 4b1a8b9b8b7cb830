import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../scripts/free-port";

// A throwaway PostgreSQL cluster of a test's own (initdb + pg_ctl in a temporary folder, on a free
// port of 127.0.0.1, password authentication), which the test may stop and start at will: the
// shared server on 5432 is never touched. PostgreSQL refuses to run as root, so as root (CI, this
// workplace) its commands run as the `postgres` user, which owns the folder.

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://postgres:<random password>@127.0.0.1:<port>/postgres */
  url: string;
  password: string;
  start(): Promise<void>;
  /** A fast shutdown, as an operator's `systemctl stop postgresql`: sessions are terminated. */
  stop(): Promise<void>;
  /** Stops it if running and removes its folder. */
  destroy(): Promise<void>;
}

/** The bin folder of the newest PostgreSQL installed from Debian's packages, or null. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const versions = readdirSync(root)
    .filter(
      (name) =>
        existsSync(path.join(root, name, "bin", "initdb")) && existsSync(path.join(root, name, "bin", "pg_ctl")),
    )
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? path.join(root, newest, "bin") : null;
}

export async function createPrivatePostgres(binDir: string): Promise<PrivatePostgres> {
  const asRoot = process.getuid?.() === 0;
  const dir = mkdtempSync(path.join(tmpdir(), "dashboard-it-pg-"));
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "server.log");
  const password = randomBytes(12).toString("hex");
  const port = await freePort();
  const owner = asRoot ? await postgresIds() : null;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  chmodSync(dir, 0o700);

  const pg = async (tool: string, args: string[]) => {
    const [command, fullArgs] = asRoot
      ? ["runuser", ["-u", "postgres", "--", path.join(binDir, tool), ...args]]
      : [path.join(binDir, tool), args];
    try {
      await run(command, fullArgs, { cwd: dir, timeout: 60_000 });
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${tool} ${args[0] ?? ""} failed: ${stderr || stdout || String(error)}`, { cause: error });
    }
  };

  const passwordFile = path.join(dir, "password");
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (owner) chownSync(passwordFile, owner.uid, owner.gid);
  let running = false;
  try {
    await pg("initdb", [
      "--pgdata",
      data,
      "--username",
      "postgres",
      "--auth",
      "scram-sha-256",
      "--pwfile",
      passwordFile,
      "--no-sync",
      "--no-instructions",
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(passwordFile, { force: true });
  }
  // Its socket in its own folder, TCP on 127.0.0.1 only; fsync off: it is thrown away.
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    password,
    async start() {
      await pg("pg_ctl", ["start", "--pgdata", data, "--wait", "--log", logFile, "-o", options]);
      running = true;
    },
    async stop() {
      await pg("pg_ctl", ["stop", "--pgdata", data, "--wait", "--mode", "fast"]);
      running = false;
    },
    async destroy() {
      try {
        if (running) await pg("pg_ctl", ["stop", "--pgdata", data, "--wait", "--mode", "immediate"]);
      } finally {
        running = false;
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}

async function postgresIds(): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
