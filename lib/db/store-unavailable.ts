import "server-only";
import { STORE_UNAVAILABLE_DIGEST } from "@/lib/http/api-error";
import { ApiError, type ApiErrorSource } from "@/lib/http/server/api-error";

// When the dashboard's own database cannot be reached (PostgreSQL stopped, restarting or refusing
// connections, the network to it down, a SQLite file locked or unreadable), every request that needs
// it is answered 503 `store_unavailable` with Retry-After, not a 500 "bug". Only such failures: a
// constraint violation or a bad query stays what it is.

/** How long a client is told to wait before trying again (Retry-After, seconds). */
export const STORE_RETRY_AFTER_SECONDS = 5;

export const STORE_UNAVAILABLE_MESSAGE =
  "The dashboard's database cannot be reached right now; nothing was changed. Try again in a few seconds.";

/** A COMMIT whose connection failed: the database may have applied it or not, and nobody can tell from here. */
export const STORE_COMMIT_UNKNOWN_MESSAGE =
  "The dashboard's database stopped answering while saving a change, so it may or may not have been saved. Check before trying again in a few seconds.";

/** Node.js socket errors: no connection, or it broke. */
const NETWORK_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/**
 * PostgreSQL SQLSTATEs of an unreachable server: class 08 (connection exception), 57P01 admin
 * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up, shutting down, in
 * recovery), 53300 too many connections.
 */
const POSTGRES_STATES = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;

/** node-postgres and pg-pool raise these without a code. */
const POSTGRES_MESSAGES: [RegExp, string][] = [
  [/^Connection terminated/, "connection_terminated"],
  [/^timeout exceeded when trying to connect/, "connect_timeout"],
  [/^Client has encountered a connection error and is not queryable/, "connection_terminated"],
  [/^Client was closed and is not queryable/, "connection_terminated"],
];

/** better-sqlite3 (extended codes too: SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_WRITE…). */
const SQLITE_CODES = /^SQLITE_(BUSY|CANTOPEN|IOERR|PROTOCOL)(_|$)/;

/** The database could not be reached: the API answers 503 store_unavailable with Retry-After. */
export class StoreUnavailableError extends Error implements ApiErrorSource {
  /**
   * Next.js hands a server component's error to the page's error boundary (app/error.tsx) with its
   * message hidden in production but its `digest` kept: this one says which error page to show.
   */
  readonly digest = STORE_UNAVAILABLE_DIGEST;

  constructor(
    /** What failed, for the log: ECONNREFUSED, 57P01, connect_timeout, SQLITE_BUSY… */
    readonly reason: string,
    /** A COMMIT failed on the way: whether the change was saved is unknown. */
    readonly outcomeUnknown: boolean,
    cause: unknown,
  ) {
    super(`The dashboard's database cannot be reached (${reason})`, { cause });
    this.name = "StoreUnavailableError";
  }

  toApiError(): ApiError {
    return new ApiError(
      "store_unavailable",
      this.outcomeUnknown ? STORE_COMMIT_UNKNOWN_MESSAGE : STORE_UNAVAILABLE_MESSAGE,
      { retryAfterSeconds: STORE_RETRY_AFTER_SECONDS, cause: this },
    );
  }
}

/** Why `error` means the database cannot be reached (looking into its causes), or null for any other failure. */
export function unreachableReason(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 10) {
    const current = queue.shift();
    if (!(current instanceof Error) || seen.has(current)) continue;
    seen.add(current);
    if (current instanceof StoreUnavailableError) return current.reason;
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && (NETWORK_CODES.has(code) || POSTGRES_STATES.test(code) || SQLITE_CODES.test(code)))
      return code;
    for (const [pattern, reason] of POSTGRES_MESSAGES) if (pattern.test(current.message)) return reason;
    // Node.js reports a refused connection to every address of a host as one AggregateError.
    if (current instanceof AggregateError) queue.push(...current.errors);
    queue.push(current.cause);
  }
  return null;
}

/** `error` as a StoreUnavailableError when it means the database cannot be reached; otherwise `error` itself. */
export function classifyStoreError(error: unknown, options: { duringCommit?: boolean } = {}): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const reason = unreachableReason(error);
  return reason === null ? error : new StoreUnavailableError(reason, options.duringCommit === true, error);
}

/** One line about a failure for the server log: its code and message, never the error object (which holds the connection). */
export function describeStoreFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const inner = error instanceof StoreUnavailableError && error.cause instanceof Error ? error.cause : error;
  const code = (inner as { code?: unknown }).code;
  const text = `${typeof code === "string" ? `${code} ` : ""}${inner.message || inner.name}`;
  // node-postgres keeps passwords out of its messages; this keeps any URL's credentials out too.
  return text.replace(/\/\/[^/@\s]*@/g, "//…@");
}
