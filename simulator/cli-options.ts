/** Command-line and environment options of `tsx simulator/main.ts`; flags win over env. */
import { z } from "zod";

import { SEED_NAMES } from "./seed";
import { type SimulatorOptions, DEFAULT_SIMULATOR_OPTIONS } from "./server";

export type CliOptions = Omit<SimulatorOptions, "clock">;

const integerText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

/** A flag: its environment variable, the option it sets and the schema its text must pass. */
const flagSpec = <K extends keyof CliOptions>(env: string, option: K, schema: z.ZodType<CliOptions[K], string>) => ({
  env,
  option,
  schema,
});

const FLAGS = {
  port: flagSpec("SIMULATOR_PORT", "port", integerText(0, 65_535)),
  token: flagSpec("SIMULATOR_TOKEN", "token", z.string().regex(/^\S+$/, "must be non-empty without spaces")),
  "page-size": flagSpec("SIMULATOR_PAGE_SIZE", "pageSize", integerText(1, 1000)),
  "backup-duration-ms": flagSpec("SIMULATOR_BACKUP_DURATION_MS", "backupDurationMs", integerText(0, 86_400_000)),
  "restore-duration-ms": flagSpec("SIMULATOR_RESTORE_DURATION_MS", "restoreDurationMs", integerText(0, 86_400_000)),
  seed: flagSpec("SIMULATOR_SEED", "seed", z.enum(SEED_NAMES, `expected one of ${SEED_NAMES.join(", ")}`)),
};
type Flag = keyof typeof FLAGS;

export const CLI_DEFAULTS: Readonly<CliOptions> = {
  port: 4010,
  token: DEFAULT_SIMULATOR_OPTIONS.token,
  pageSize: DEFAULT_SIMULATOR_OPTIONS.pageSize,
  backupDurationMs: DEFAULT_SIMULATOR_OPTIONS.backupDurationMs,
  restoreDurationMs: DEFAULT_SIMULATOR_OPTIONS.restoreDurationMs,
  seed: DEFAULT_SIMULATOR_OPTIONS.seed,
};

export const USAGE = `Usage: tsx simulator/main.ts [--port N] [--token T] [--page-size N] [--backup-duration-ms N] [--restore-duration-ms N] [--seed ${SEED_NAMES.join("|")}]
Each flag may also come from the environment: ${Object.values(FLAGS)
  .map((f) => f.env)
  .join(", ")}.`;

export type CliParseResult =
  { kind: "ok"; options: CliOptions } | { kind: "help" } | { kind: "error"; message: string };

export function parseCliOptions(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): CliParseResult {
  const raw: Partial<Record<Flag, { value: string; source: string }>> = {};
  for (const [flag, spec] of Object.entries(FLAGS) as [Flag, (typeof FLAGS)[Flag]][]) {
    const value = env[spec.env];
    if (value !== undefined && value !== "") raw[flag] = { value, source: spec.env };
  }

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--help" || arg === "-h") return { kind: "help" };
    const found = /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    const name = found?.[1];
    if (!name || !isFlag(name)) return { kind: "error", message: `Unknown option ${arg}\n${USAGE}` };
    const value = found[2] ?? argv[++i];
    if (value === undefined) return { kind: "error", message: `Missing value for --${name}` };
    raw[name] = { value, source: `--${name}` };
  }

  const options: CliOptions = { ...CLI_DEFAULTS };
  for (const flag of Object.keys(FLAGS) as Flag[]) {
    const given = raw[flag];
    if (!given) continue;
    const result = FLAGS[flag].schema.safeParse(given.value);
    if (!result.success) {
      const from = given.source.startsWith("--") ? "" : ` (from ${given.source})`;
      const reason = result.error.issues[0]?.message ?? "invalid value";
      const shown = flag === "token" ? "" : ` ${JSON.stringify(given.value)}`;
      return { kind: "error", message: `Invalid value${shown} for --${flag}${from}: ${reason}` };
    }
    Object.assign(options, { [FLAGS[flag].option]: result.data });
  }
  return { kind: "ok", options };
}

function isFlag(name: string): name is Flag {
  return Object.hasOwn(FLAGS, name);
}
