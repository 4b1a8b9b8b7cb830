// npm test's last step: the integration and e2e suites, each on SQLite and on PostgreSQL
// (TEST_STORE), in two lanes so the whole of .ci/run stays within its time: the e2e runs one after
// the other, and beside them the integration runs one after the other. Each run writes its
// own log (test-logs/<run>.log), printed whole when it ends, so two runs' lines never interleave; the
// step fails when any run fails. `--only=integration:postgres,e2e:sqlite` runs some of them.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { createFreshDatabase } from "../tests/store-under-test";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules", ".bin", name);

interface Run {
  name: string;
  /** The command and its environment; `prepare` may make what it needs and return its cleanup. */
  command: [string, string[]];
  env: Record<string, string>;
  prepare?: (env: Record<string, string>) => Promise<() => Promise<void>>;
}

const runs: Run[] = [
  {
    name: "e2e:sqlite",
    command: [bin("playwright"), ["test"]],
    // Ports of their own, beside the other e2e run (and a developer's own `npm run test:e2e`).
    env: {
      TEST_STORE: "sqlite",
      E2E_RUN_NAME: "sqlite",
      E2E_APP_PORT: "3130",
      E2E_SIMULATOR_PORT: "4130",
      E2E_OIDC_PORT: "4131",
    },
  },
  {
    name: "e2e:postgres",
    command: [bin("playwright"), ["test"]],
    // Ports of its own: it may run beside the SQLite run.
    env: {
      TEST_STORE: "postgres",
      E2E_RUN_NAME: "postgres",
      E2E_APP_PORT: "3120",
      E2E_SIMULATOR_PORT: "4120",
      E2E_OIDC_PORT: "4121",
    },
    prepare: async (env) => {
      const database = await createFreshDatabase("postgres", "e2e");
      env.E2E_DATABASE_URL = database.url;
      return database.drop;
    },
  },
  {
    name: "integration:sqlite",
    command: [bin("vitest"), ["run", "--project", "integration"]],
    env: { TEST_STORE: "sqlite" },
  },
  {
    name: "integration:postgres",
    command: [bin("vitest"), ["run", "--project", "integration"]],
    env: { TEST_STORE: "postgres" },
  },
];

const only = process.argv
  .find((arg) => arg.startsWith("--only="))
  ?.slice("--only=".length)
  .split(",");
const selected = only ? runs.filter((run) => only.includes(run.name)) : runs;
if (only && selected.length !== only.length) throw new Error(`unknown run in --only: ${only.join(",")}`);

mkdirSync(path.join(root, "test-logs"), { recursive: true });

/**
 * What a failed run said about its failures, for the end of the output (a CI view often shows only
 * the tail): Playwright's numbered failures ("  1) [chromium] › …") or vitest's "Failed Tests"
 * section, else the log's last lines; at most `limit` lines.
 */
function failureSummary(output: string, limit = 80): string {
  const lines = output.replace(/\x1b\[[0-9;]*m/g, "").split("\n");
  const start = lines.findIndex((line) => /^\s+1\) \[/.test(line) || /Failed Tests \d+/.test(line));
  const section = start === -1 ? lines.slice(-limit) : lines.slice(start);
  return section.length > limit
    ? [...section.slice(0, limit - 1), `… ${section.length - limit + 1} more lines in the log`].join("\n")
    : section.join("\n");
}

async function execute(run: Run): Promise<{ name: string; ok: boolean; seconds: number; output: string }> {
  const started = Date.now();
  const env: Record<string, string> = { ...run.env };
  const cleanup = run.prepare ? await run.prepare(env) : async () => {};
  const logFile = path.join(root, "test-logs", `${run.name.replace(":", "-")}.log`);
  const log = createWriteStream(logFile);
  console.log(`▶ ${run.name} (log: ${path.relative(root, logFile)})`);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(run.command[0], run.command[1], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.once("exit", (exitCode, signal) => resolve(exitCode ?? (signal ? 1 : 0)));
  });
  await new Promise<void>((resolve) => log.end(resolve));
  await cleanup().catch((error: unknown) => console.warn(`${run.name}: cleanup failed: ${String(error)}`));
  const seconds = (Date.now() - started) / 1000;
  console.log(`\n──── ${run.name}: ${code === 0 ? "passed" : "FAILED"} in ${seconds.toFixed(0)} s ────`);
  const output = readFileSync(logFile, "utf8");
  console.log(output);
  return { name: run.name, ok: code === 0, seconds, output };
}

async function main() {
  // Two lanes, each one run at a time: the e2e runs never overlap (two browsers and two watched
  // dashboards at once make their timing-sensitive specs flaky on two cores); the integration runs
  // go beside them.
  const lanes = [
    selected.filter((run) => run.name.startsWith("e2e:")),
    selected.filter((run) => !run.name.startsWith("e2e:")),
  ];
  const results: Awaited<ReturnType<typeof execute>>[] = [];
  await Promise.all(
    lanes.map(async (lane) => {
      for (const run of lane) results.push(await execute(run));
    }),
  );
  for (const result of results.filter((r) => !r.ok))
    console.log(`\n──── what ${result.name} said of its failures ────\n${failureSummary(result.output)}`);
  console.log("\nSuites:");
  for (const result of results)
    console.log(`  ${result.ok ? "✓" : "✗"} ${result.name} (${result.seconds.toFixed(0)} s)`);
  if (results.some((result) => !result.ok)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
