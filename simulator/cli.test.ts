import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";

import { describe, expect, it } from "vitest";

import { CLI_DEFAULTS, parseCliOptions } from "./cli-options";

describe("parseCliOptions", () => {
  it("uses the defaults", () => {
    expect(parseCliOptions([], {})).toEqual({
      kind: "ok",
      options: {
        port: 4010,
        token: "vps_simulator_dev_token",
        pageSize: 20,
        backupDurationMs: 20_000,
        restoreDurationMs: 30_000,
        seed: "default",
      },
    });
    expect(CLI_DEFAULTS.port).toBe(4010);
  });

  it("reads flags (both forms) and env, flags winning", () => {
    const result = parseCliOptions(
      ["--port", "5000", "--page-size=7", "--seed", "large", "--backup-duration-ms", "0"],
      {
        SIMULATOR_PORT: "6000",
        SIMULATOR_TOKEN: "vps_env",
        SIMULATOR_RESTORE_DURATION_MS: "1500",
        SIMULATOR_SEED: "empty",
      },
    );
    expect(result).toEqual({
      kind: "ok",
      options: {
        port: 5000,
        token: "vps_env",
        pageSize: 7,
        backupDurationMs: 0,
        restoreDurationMs: 1500,
        seed: "large",
      },
    });
  });

  it.each([
    [["--port", "abc"], {}, "--port"],
    [["--port", "70000"], {}, "--port"],
    [["--page-size", "0"], {}, "--page-size"],
    [["--seed", "huge"], {}, "--seed"],
    [["--backup-duration-ms", "-5"], {}, "--backup-duration-ms"],
    [[], { SIMULATOR_RESTORE_DURATION_MS: "soon" }, "--restore-duration-ms (from SIMULATOR_RESTORE_DURATION_MS)"],
    [["--colour", "red"], {}, "--colour"],
    [["--port"], {}, "--port"],
  ])("refuses %j %j naming the flag", (argv, env, named) => {
    const result = parseCliOptions(argv, env);
    expect(result.kind).toBe("error");
    expect(result.kind === "error" && result.message).toContain(named);
  });

  it("does not echo a bad token", () => {
    const result = parseCliOptions(["--token", "has space secret"], {});
    expect(result.kind === "error" && result.message).not.toContain("secret");
  });

  it("recognizes --help", () => {
    expect(parseCliOptions(["--help"], {})).toEqual({ kind: "help" });
  });
});

const ROOT = path.resolve(import.meta.dirname, "..");

function runMain(args: string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", "simulator/main.ts", ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
}

function collect(child: ChildProcess): { stdout: () => string; stderr: () => string } {
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return { stdout: () => stdout, stderr: () => stderr };
}

describe("simulator/main.ts", () => {
  it("prints one listening line, serves, and exits 0 on SIGTERM", { timeout: 20_000 }, async () => {
    const child = runMain(["--port", "0", "--token", "vps_cli_secret"]);
    const output = collect(child);
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout?.on("data", () => {
        if (output.stdout().includes("\n")) resolve(output.stdout());
      });
      child.once("exit", () => reject(new Error(`exited early: ${output.stderr()}`)));
    });
    expect(line).toMatch(/^VPS\.org simulator listening on http:\/\/127\.0\.0\.1:\d+\/api\/v1\n$/);
    const apiUrl = line.trim().split(" ").at(-1) ?? "";
    const res = await fetch(`${apiUrl}/servers/`, { headers: { Authorization: "Bearer vps_cli_secret" } });
    expect(res.status).toBe(200);

    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
    expect(output.stdout() + output.stderr()).not.toContain("vps_cli_secret");
  });

  it("exits 1 naming a bad flag", { timeout: 20_000 }, async () => {
    const child = runMain([], { SIMULATOR_PAGE_SIZE: "many" });
    const output = collect(child);
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(1);
    expect(output.stderr()).toContain("--page-size");
    expect(output.stdout()).toBe("");
  });
});
