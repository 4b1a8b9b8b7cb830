import * as z from "zod";
import { httpUrl, optionalText, requireVariable, wholeNumberOr } from "@/lib/config/env-vars";
import { LOG_LEVELS } from "@/lib/log/levels";

// Parsed by the start command (scripts/serve.ts) and by the server at start-up, so a bad
// variable stops the dashboard before it serves a single request. No `server-only` here:
// the start command is plain Node. The values themselves stay on the server.

const apiUrl = optionalText.pipe(httpUrl("https://admin.vps.org/api/v1").optional());

export const envSchema = z
  .object({
    VPSORG_API_URL: apiUrl,
    VPSORG_API_TOKEN: optionalText,
    VPSORG_TIMEOUT_MS: wholeNumberOr(10_000, 100, 120_000),
    VPSORG_CACHE_TTL_MS: wholeNumberOr(2000, 0, 60_000),
    VPSORG_RETRY_MAX_ATTEMPTS: wholeNumberOr(3, 1, 10),
    VPSORG_RETRY_BUDGET_MS: wholeNumberOr(5000, 0, 120_000),
    VPSORG_BREAKER_THRESHOLD: wholeNumberOr(5, 1, 1000),
    VPSORG_BREAKER_COOLDOWN_MS: wholeNumberOr(30_000, 100, 3_600_000),
    PORT: wholeNumberOr(3000, 1, 65_535),
    // The account watcher (lib/watcher/watcher.ts): one per deployment, holding a lease in the store.
    WATCHER: optionalText
      .pipe(z.enum(["on", "off"], { error: 'must be "on" or "off"' }).optional())
      .transform((value) => value ?? "on"),
    WATCHER_FAST_MS: wholeNumberOr(5000, 200, 600_000),
    WATCHER_IDLE_MS: wholeNumberOr(60_000, 500, 3_600_000),
    WATCHER_LEASE_MS: wholeNumberOr(15_000, 1000, 600_000),
    HISTORY_DAYS: wholeNumberOr(400, 1, 3650),
    // Requests per minute that one API key may make, counted in the store over every instance.
    API_KEY_RATE_LIMIT: wholeNumberOr(120, 1, 100_000),
    // The logs (lib/log/logger.ts): the lowest level written.
    LOG_LEVEL: optionalText
      .transform((value) => value?.toLowerCase())
      .pipe(z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(", ")}` }).optional())
      .transform((value) => value ?? "info"),
    // GET /api/metrics (lib/metrics/server/metrics-route.ts): off while unset; its Bearer token otherwise.
    METRICS_TOKEN: optionalText.pipe(
      z
        .string()
        .min(32, { error: "must be at least 32 characters (openssl rand -hex 32)" })
        .regex(/^[\x21-\x7e]+$/, { error: "must be printable ASCII without spaces" })
        .optional(),
    ),
    // Set by the start command when it runs the embedded simulator (or by tests that start one).
    VPSORG_SIMULATOR_URL: apiUrl,
    VPSORG_SIMULATOR_TOKEN: optionalText,
  })
  .superRefine((env, ctx) => {
    if (env.VPSORG_API_URL && !env.VPSORG_API_TOKEN) {
      requireVariable(ctx, "VPSORG_API_TOKEN", "when VPSORG_API_URL is set (create a token in the VPS.org panel)");
    }
  });

export type Env = z.infer<typeof envSchema>;

export interface WatcherConfig {
  enabled: boolean;
  /** Between polls while a backup runs or a server restores. */
  fastMs: number;
  /** Between polls otherwise. */
  idleMs: number;
  /** How long the watcher's lease lasts without renewal: another instance takes over within two. */
  leaseMs: number;
  /** How long events and vanished backups' history are kept. */
  historyDays: number;
}

export function watcherConfig(env: Env): WatcherConfig {
  return {
    enabled: env.WATCHER === "on",
    fastMs: env.WATCHER_FAST_MS,
    idleMs: Math.max(env.WATCHER_IDLE_MS, env.WATCHER_FAST_MS),
    leaseMs: env.WATCHER_LEASE_MS,
    historyDays: env.HISTORY_DAYS,
  };
}

export type UpstreamMode = "simulator" | "provider";

export interface UpstreamConfig {
  mode: UpstreamMode;
  baseUrl: string;
  token: string;
  timeoutMs: number;
  /** How long backup and server lists are kept on the server; 0 keeps nothing. */
  cacheTtlMs: number;
  retry: { maxAttempts: number; budgetMs: number };
  breaker: { failureThreshold: number; cooldownMs: number };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** Parses the environment; throws a ConfigError that names every bad variable. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "environment"} ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

/** Which VPS.org the server talks to: the real one when VPSORG_API_URL is set, else the embedded simulator. */
export function resolveUpstream(env: Env): UpstreamConfig {
  const tuning = {
    timeoutMs: env.VPSORG_TIMEOUT_MS,
    cacheTtlMs: env.VPSORG_CACHE_TTL_MS,
    retry: { maxAttempts: env.VPSORG_RETRY_MAX_ATTEMPTS, budgetMs: env.VPSORG_RETRY_BUDGET_MS },
    breaker: { failureThreshold: env.VPSORG_BREAKER_THRESHOLD, cooldownMs: env.VPSORG_BREAKER_COOLDOWN_MS },
  };
  if (env.VPSORG_API_URL && env.VPSORG_API_TOKEN) {
    return { mode: "provider", baseUrl: trimSlash(env.VPSORG_API_URL), token: env.VPSORG_API_TOKEN, ...tuning };
  }
  if (env.VPSORG_SIMULATOR_URL && env.VPSORG_SIMULATOR_TOKEN) {
    return {
      mode: "simulator",
      baseUrl: trimSlash(env.VPSORG_SIMULATOR_URL),
      token: env.VPSORG_SIMULATOR_TOKEN,
      ...tuning,
    };
  }
  throw new ConfigError(
    "Invalid configuration:\n  VPSORG_API_URL is not set and no embedded simulator is attached: start the dashboard with `npm start` (which starts the simulator), or set VPSORG_API_URL and VPSORG_API_TOKEN.",
  );
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}
