import "server-only";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { addressLimitKey } from "@/lib/auth/server/client-address";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";

// Sign-in attempts are limited per account (email) and per client IP (an IPv6 client per /64), in the shared store so that
// several instances of the dashboard count together. A sliding log: one row per attempt, kept for
// one window. Better Auth's own limiter only keys on IP + path, and is skipped for /sign-in/email.

export interface SignInLimit {
  maxAttempts: number;
  windowSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = { maxAttempts: 5, windowSeconds: 60 };

export type SignInLimitScope = "account" | "ip";

export type SignInAttemptDecision =
  { allowed: true } | { allowed: false; scope: SignInLimitScope; retryAfterSeconds: number };

/** Buckets hold a hash, not the email or address itself. */
function bucketOf(scope: SignInLimitScope, value: string): string {
  return `${scope}:${createHash("sha256").update(value.trim().toLowerCase()).digest("hex")}`;
}

/**
 * Counts one sign-in attempt against the account's and the IP's buckets. Over the limit in either,
 * the attempt is refused and not kept (so waiting the given time is enough), with how long to wait.
 * Insert-then-count: attempts racing each other can only be refused too often, never let through.
 */
export async function consumeSignInAttempt(
  db: Kysely<Database>,
  attempt: { email: string; ip: string | null },
  limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT,
  now: Date = new Date(),
): Promise<SignInAttemptDecision> {
  const windowMs = limit.windowSeconds * 1000;
  const windowStart = new Date(now.getTime() - windowMs).toISOString();
  const buckets: Array<{ scope: SignInLimitScope; bucket: string }> = [
    { scope: "account", bucket: bucketOf("account", attempt.email) },
  ];
  // An unknown address (no start command in front: see lib/auth/server/client-address.ts) is not counted
  // as one shared address, which anyone could use up for everyone: the account's limit still holds.
  if (attempt.ip !== null) buckets.push({ scope: "ip", bucket: bucketOf("ip", addressLimitKey(attempt.ip)) });

  await db.deleteFrom("sign_in_attempt").where("attempted_at", "<", windowStart).execute();
  const inserted = await db
    .insertInto("sign_in_attempt")
    .values(buckets.map(({ bucket }) => ({ bucket, attempted_at: now.toISOString() })))
    .returning("id")
    .execute();
  const ownIds = inserted.map((row) => row.id);

  let refusal: SignInAttemptDecision = { allowed: true };
  for (const { scope, bucket } of buckets) {
    const others = await db
      .selectFrom("sign_in_attempt")
      .select("attempted_at")
      .where("bucket", "=", bucket)
      .where("attempted_at", ">", windowStart)
      .where("id", "not in", ownIds)
      .orderBy("attempted_at", "asc")
      .execute();
    if (others.length < limit.maxAttempts) continue;
    // The attempt is allowed again once enough of the earlier ones have left the window.
    const freeing = others[others.length - limit.maxAttempts];
    const freeAt = new Date(toIso(freeing!.attempted_at)).getTime() + windowMs;
    const retryAfterSeconds = Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
    if (refusal.allowed || retryAfterSeconds > refusal.retryAfterSeconds)
      refusal = { allowed: false, scope, retryAfterSeconds };
  }
  if (!refusal.allowed) await db.deleteFrom("sign_in_attempt").where("id", "in", ownIds).execute();
  return refusal;
}

/**
 * After a successful sign-in: the account's earlier failures no longer count, and the sign-in itself
 * does not use up the address's allowance (a team behind one NAT address signs in every morning).
 * The address's failures still count.
 */
export async function forgetSuccessfulAttempt(
  db: Kysely<Database>,
  attempt: { email: string; ip: string | null },
): Promise<void> {
  await db.deleteFrom("sign_in_attempt").where("bucket", "=", bucketOf("account", attempt.email)).execute();
  if (attempt.ip === null) return;
  const ipBucket = bucketOf("ip", addressLimitKey(attempt.ip));
  await db
    .deleteFrom("sign_in_attempt")
    .where("id", "=", (eb) =>
      eb.selectFrom("sign_in_attempt").select("id").where("bucket", "=", ipBucket).orderBy("id", "desc").limit(1),
    )
    .execute();
}

export function signInLimitMessage(decision: Extract<SignInAttemptDecision, { allowed: false }>): string {
  const wait = decision.retryAfterSeconds === 1 ? "1 second" : `${decision.retryAfterSeconds} seconds`;
  const what = decision.scope === "account" ? "for this account" : "from this address";
  return `Too many sign-in attempts ${what}. Try again in ${wait}.`;
}
