// When a failed delivery is tried again: doubling from `baseMs` up to an hour between attempts, for
// a day after the notification was written; then it is `failed` (an admin may still retry it).

export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;

/** The wait after the `attempts`-th failed attempt (1 for the first). */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_RETRY_DELAY_MS);
}

/** When to try next, or null when the day is over and the delivery has failed. */
export function nextAttemptAt(createdAt: Date, attempts: number, now: Date, baseMs: number): Date | null {
  const next = new Date(now.getTime() + retryDelayMs(attempts, baseMs));
  return next.getTime() - createdAt.getTime() > RETRY_FOR_MS ? null : next;
}
