import "server-only";
import { sql, type Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";

// A limit of attempts per key and fixed window, counted in the store so that every instance counts
// together (the password sign-in has its own, finer limit: lib/auth/server/sign-in-limit.ts). One
// statement counts and answers, so concurrent attempts on several instances each see a distinct count.
// Refused attempts count too: waiting out the window is the only way back in.

export interface RateLimit {
  /** What is limited, for the key (e.g. "setup"). */
  name: string;
  max: number;
  windowSeconds: number;
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Setup attempts (POST /api/setup) per client address. */
export const SETUP_RATE_LIMIT: RateLimit = { name: "setup", max: 5, windowSeconds: 60 };

export async function consumeRateLimit(
  db: Kysely<Database>,
  limit: RateLimit,
  key: string,
  now: Date = new Date(),
): Promise<RateLimitDecision> {
  const windowMs = limit.windowSeconds * 1000;
  const start = Math.floor(now.getTime() / windowMs) * windowMs;
  const window = new Date(start).toISOString();
  const row = await db
    .insertInto("rate_limit_window")
    .values({ key: `${limit.name}:${key}`, window_start: window, count: 1 })
    .onConflict((conflict) =>
      conflict.columns(["key", "window_start"]).doUpdateSet({ count: sql`rate_limit_window.count + 1` }),
    )
    .returning("count")
    .executeTakeFirstOrThrow();
  // This limit's closed windows are of no use any more: the first attempt of a window sweeps them.
  if (Number(row.count) === 1) {
    await db
      .deleteFrom("rate_limit_window")
      .where("key", "like", `${limit.name}:%`)
      .where("window_start", "<", window)
      .execute();
  }
  if (Number(row.count) <= limit.max) return { allowed: true };
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((start + windowMs - now.getTime()) / 1000)) };
}
