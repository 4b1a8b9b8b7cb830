import { VpsorgError } from "@/lib/vpsorg/errors";

// When a failed request to VPS.org is sent again. A GET is safe to repeat: it is retried after no
// answer, a 5xx or a 429, with jittered exponential backoff, or after exactly `Retry-After` when the
// provider says so. A POST or DELETE is repeated only when it provably never left this server
// (connection refused, host not found): once it may have reached VPS.org, a repeat could act twice.
// A timeout is not retried: the provider is slow, and another full wait would only add load.

export interface RetryOptions {
  /** Attempts in all, the first included; 1 never retries. */
  maxAttempts: number;
  /** No retry starts later than this after the first attempt started (so the worst case is about budget + one timeout). */
  budgetMs: number;
  /** Backoff before retry n is baseDelayMs·2^(n-1), capped at maxDelayMs, then jittered down to between half and all of it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxAttempts: 3, budgetMs: 5000, baseDelayMs: 200, maxDelayMs: 2000 };

/** Errors raised without a request leaving this server. */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

/** Whether the request certainly did not reach VPS.org. */
export function neverSent(error: VpsorgError): boolean {
  return (
    error.kind === "circuit_open" ||
    (error.kind === "network" && error.networkCode !== undefined && NOT_SENT_CODES.has(error.networkCode))
  );
}

export function isRetryable(error: unknown, method: string): boolean {
  if (!(error instanceof VpsorgError)) return false;
  if (method !== "GET") return error.kind === "network" && neverSent(error);
  return error.kind === "network" || error.kind === "server_error" || error.kind === "rate_limited";
}

/** Jittered exponential backoff before retry number `retry` (1 for the first retry). */
export function backoffMs(retry: number, options: RetryOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined to give up with `error` now: not
 * retryable, out of attempts, or the wait (the provider's Retry-After included) would end past the budget.
 */
export function retryDelayMs(
  error: unknown,
  context: { method: string; attempt: number; elapsedMs: number },
  options: RetryOptions,
  random: () => number = Math.random,
): number | undefined {
  if (context.attempt >= options.maxAttempts || !isRetryable(error, context.method)) return undefined;
  const retryAfter = error instanceof VpsorgError ? error.retryAfterSeconds : undefined;
  const delay = retryAfter !== undefined ? retryAfter * 1000 : backoffMs(context.attempt, options, random);
  return context.elapsedMs + delay <= options.budgetMs ? delay : undefined;
}
