import { createRequire } from "node:module";
import pino, { type DestinationStream, type Logger, type LoggerOptions } from "pino";
import { LOG_LEVELS, type LogLevel } from "@/lib/log/levels";
import { currentRequest } from "@/lib/log/request-context";

// The server's one logger (pino): every line on stdout is one JSON object — `level` and `time`
// (ISO 8601 UTC), `pid`, `hostname`, the `component` that wrote it, `reqId` while a request is
// answered, `msg`, and the fields of the event — or, under `npm run dev` (NODE_ENV=development),
// the same lines made readable by pino-pretty. Secrets are removed here, by pino's `redact`
// configuration, not by care at each call site: whatever a call logs under one of REDACTED_PATHS is
// written as "[Redacted]". (What a message's text holds is the call site's: no call puts a secret
// into `msg`.)
//
// The destination is synchronous (stdout, written as each line is logged): no worker thread, which
// Next.js's bundling cannot carry, and no line lost when the process exits right after it. One
// logger per process, on globalThis: Next.js may load this module once per route bundle, and the
// start command (scripts/serve.ts, outside Next.js) shares it. No `server-only` here, for that
// reason; it reads no secret (LOG_LEVEL and NODE_ENV only), and lint keeps browser code out.

export type { Logger };

/**
 * Where secrets could sit in what is logged: request and response headers (Authorization, Cookie,
 * Set-Cookie), the provider's token, OAuth tokens, the channels' secrets and URLs that carry one,
 * passwords, and the environment's secret variables: at the top of a logged object, or one level down
 * in one of SECRET_HOLDERS.
 */
const SECRET_KEYS = [
  "authorization",
  "Authorization",
  "cookie",
  "Cookie",
  '["set-cookie"]',
  "token",
  "apiToken",
  "accessToken",
  "access_token",
  "refreshToken",
  "refresh_token",
  "idToken",
  "id_token",
  "secret",
  "clientSecret",
  "password",
  "passwordHash",
  "webhookSecret",
  "slackUrl",
  "smtpUrl",
  "databaseUrl",
  "VPSORG_API_TOKEN",
  "VPSORG_SIMULATOR_TOKEN",
  "BETTER_AUTH_SECRET",
  "OIDC_CLIENT_SECRET",
  "METRICS_TOKEN",
  "DASHBOARD_ADMIN_PASSWORD",
  "DATABASE_URL",
  "SMTP_URL",
  "NOTIFY_WEBHOOK_SECRET",
  "NOTIFY_SLACK_WEBHOOK_URL",
];

/**
 * Objects a call may log that hold such keys one level down. Named rather than matched by a leading
 * wildcard (`*.token`): pino's redaction runs on every line, and those wildcards cost about ten times
 * the rest of the line (lib/log/logger.test.ts keeps them out).
 */
const SECRET_HOLDERS = [
  "headers",
  "env",
  "config",
  "channel",
  "options",
  "body",
  "session",
  "account",
  "smtp",
  "auth",
  "data",
  "credentials",
];

const plainKey = (key: string) => !key.startsWith("[");
const under = (holder: string, key: string) => (plainKey(key) ? `${holder}.${key}` : `${holder}${key}`);

export const REDACTED_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_HOLDERS.flatMap((holder) => SECRET_KEYS.map((key) => under(holder, key))),
  // What Better Auth passes with a message (lib/auth/server/auth.ts): a list of values.
  ...SECRET_KEYS.map((key) => under("details[*]", key)),
  ...["req", "res", "request", "response"].flatMap((holder) =>
    ["authorization", "cookie", '["set-cookie"]', '["x-api-key"]'].map((header) => under(`${holder}.headers`, header)),
  ),
];

export const REDACTED = "[Redacted]";

/** The logger's configuration; the tests build theirs from it. */
export function loggerOptions(level: LogLevel): LoggerOptions {
  return {
    level,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    serializers: { err: pino.stdSerializers.err },
    // Whatever is logged while a request is answered names it.
    mixin: () => {
      const request = currentRequest();
      return request ? { reqId: request.reqId } : {};
    },
  };
}

/** A logger with this configuration writing to `destination` (stdout by default, synchronously). */
export function createLogger(options: { level?: LogLevel; destination?: DestinationStream; pretty?: boolean } = {}) {
  const level = options.level ?? "info";
  const destination =
    options.destination ??
    (options.pretty ? prettyDestination() : undefined) ??
    pino.destination({ dest: 1, sync: true });
  return pino(loggerOptions(level), destination);
}

/** pino-pretty as a synchronous stream, for `npm run dev`; null where it is not installed (a production install). */
function prettyDestination(): DestinationStream | null {
  try {
    // Loaded only in development: it is a devDependency, and a static import would make it a production one.
    const require = createRequire(import.meta.url);
    const pretty = require("pino-pretty") as typeof import("pino-pretty");
    return pretty({
      sync: true,
      colorize: true,
      singleLine: true,
      translateTime: "SYS:HH:MM:ss.l",
      ignore: "pid,hostname",
    });
  } catch {
    return null;
  }
}

function levelFromEnv(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(level ?? "") ? (level as LogLevel) : "info";
}

const LOGGER = Symbol.for("vpsorg-dashboard.logger");
interface LoggerHolder {
  root: Logger;
  children: Map<string, Logger>;
}
const holder = globalThis as typeof globalThis & { [LOGGER]?: LoggerHolder };

function current(): LoggerHolder {
  holder[LOGGER] ??= {
    root: createLogger({ level: levelFromEnv(process.env.LOG_LEVEL), pretty: process.env.NODE_ENV === "development" }),
    children: new Map(),
  };
  return holder[LOGGER];
}

/** The process's logger, made on first use from LOG_LEVEL and NODE_ENV. */
export function rootLogger(): Logger {
  return current().root;
}

/**
 * The logger of one part of the dashboard (`api`, `watcher`, `store`…): each line says which in
 * `component`. Ask for it where a line is written (it is kept, so that costs a lookup): the root
 * logger is made on the first call, once the environment is read, and a test may replace it.
 */
export function componentLogger(component: string): Logger {
  const { root, children } = current();
  let child = children.get(component);
  if (!child) {
    child = root.child({ component });
    children.set(component, child);
  }
  return child;
}

/** For tests: every line from now on goes to `logger`; returns what puts the previous one back. */
export function replaceRootLogger(logger: Logger): () => void {
  const previous = holder[LOGGER];
  holder[LOGGER] = { root: logger, children: new Map() };
  return () => {
    holder[LOGGER] = previous;
  };
}
