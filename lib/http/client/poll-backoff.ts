import { ApiRequestError } from "@/lib/http/client/fetch-json";

// When refreshes fail (VPS.org down, rate-limiting, or the dashboard unreachable), the page
// polls less often rather than keep asking at full speed: each wait is about as long as the
// data has been stale, so the gaps double (3 s, 6 s, 12 s… up to a minute), and never shorter
// than the Retry-After the dashboard passed on.

export const MAX_BACKOFF_MS = 60_000;
const FIRST_BACKOFF_MS = 3_000;

/** The parts of a TanStack Query state that say whether, and for how long, refreshes have failed. */
export interface PollState {
  error: unknown;
  dataUpdatedAt: number;
  errorUpdatedAt: number;
  errorUpdateCount: number;
}

export function isFailing(state: PollState): boolean {
  return state.error != null && state.errorUpdatedAt >= state.dataUpdatedAt;
}

/** The next poll: `interval` while refreshes succeed, backed off while they fail. */
export function backedOffInterval(state: PollState, interval: number, now: number = Date.now()): number {
  if (!isFailing(state)) return interval;
  const failingFor =
    state.dataUpdatedAt > 0
      ? now - state.dataUpdatedAt
      : FIRST_BACKOFF_MS * 2 ** Math.min(state.errorUpdateCount - 1, 5);
  const backoff = Math.min(
    MAX_BACKOFF_MS,
    Math.max(interval === 0 ? FIRST_BACKOFF_MS : Math.min(interval, FIRST_BACKOFF_MS), failingFor),
  );
  const retryAfterMs =
    state.error instanceof ApiRequestError && state.error.retryAfterSeconds !== undefined
      ? state.error.retryAfterSeconds * 1000
      : 0;
  return Math.max(backoff, retryAfterMs);
}
