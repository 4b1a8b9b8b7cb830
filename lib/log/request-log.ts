import "server-only";
import { componentLogger } from "@/lib/log/logger";
import type { RequestContext } from "@/lib/log/request-context";

// One line per /api request, written when its answer is ready (lib/api/route.ts for the dashboard's
// routes, lib/auth/server/auth-handler.ts for Better Auth's): its id, who asked, what, the status and
// how long it took, and for a failure its code — a 5xx or a 429 with its message too, a bug or an
// unwritable audit log with the error and its stack. The level follows the outcome: `error` for a
// bug or an unwritable audit log, `warn` for another 5xx or a rate limit, `info` otherwise.

export interface RequestLogEntry {
  reqId: string;
  method: string;
  /** The route as its file names it: `/api/backups/[backupId]`. */
  route: string;
  /** The path as it was asked: `/api/backups/501`. */
  path: string;
  status: number;
  durationMs: number;
  /** Who is signed in; absent on public routes and without a session. */
  user?: { id: string; email: string; role: string | null };
  /** The name of the API key the request came with, once requests can come with one. */
  key?: string;
  /** The failure the answer reports (noted by lib/http/server/api-error.ts `logApiError`). */
  failure?: RequestContext["failure"];
}

export function logRequest({ failure, ...fields }: RequestLogEntry): void {
  const log = componentLogger("api");
  const message = `${fields.method} ${fields.path} → ${fields.status}${failure ? ` ${failure.code}` : ""}`;
  if (!failure) log.info(fields, message);
  else if (failure.error !== undefined)
    log.error({ ...fields, error: { code: failure.code, message: failure.message }, err: failure.error }, message);
  else if (failure.status >= 500 || failure.code === "rate_limited")
    log.warn({ ...fields, error: { code: failure.code, message: failure.message } }, message);
  // A refusal's message is written for the client; its code says enough here.
  else log.info({ ...fields, error: { code: failure.code } }, message);
}

/** Milliseconds since `startedAt` (a performance.now()), to a tenth. */
export function elapsedMs(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 10) / 10;
}
