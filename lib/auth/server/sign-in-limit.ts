import "server-only";
import { createHash } from "node:crypto";
import type { Kysely } from "kysely";
import { addressLimitKey } from "@/lib/auth/server/client-address";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";

// Password sign-in attempts, limited in the shared store so that several instances of the dashboard
// count together. Better Auth's own limiter only keys on IP + path, and is skipped for /sign-in/email.
//
// - Per account *from one address* (an IPv6 client by its /64): 5 a minute. Someone guessing from
//   one address is stopped quickly, and cannot lock the owner, who signs in from another, out.
// - Per address over all accounts: 5 a minute, against one address trying many accounts.
// - Per account over all addresses, a slower ceiling with growing delays, against guessing from many
//   addresses: after 10 failures within a day each further attempt must wait 1 s, 2 s, 4 s … (at
//   most 15 minutes) after the account's previous one. It does not apply from an address the
//   account signed in from during the last 90 days: the owner at their usual address is never
//   slowed by someone else's guessing.
//
// A sliding log: one row per attempt and bucket, each row naming its (account, address) pair; a
// refused attempt is not kept (so waiting the given time is enough). A successful sign-in forgets
// its pair's failures and remembers the pair as known.

export interface AccountCeiling {
  /** Failures over all addresses within the window before the delays start. */
  freeAttempts: number;
  windowSeconds: number;
  /** The first delay; each further attempt doubles it, up to the maximum. */
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export interface SignInLimit {
  /** Per account from one address, and per address over all accounts, within `windowSeconds`. */
  maxAttempts: number;
  windowSeconds: number;
  /** The per-account ceiling over all addresses (DEFAULT_ACCOUNT_CEILING if not given). */
  account?: AccountCeiling;
}

export const DEFAULT_ACCOUNT_CEILING: AccountCeiling = {
  freeAttempts: 10,
  windowSeconds: 24 * 60 * 60,
  baseDelaySeconds: 1,
  maxDelaySeconds: 15 * 60,
};

export const DEFAULT_SIGN_IN_LIMIT: SignInLimit = {
  maxAttempts: 5,
  windowSeconds: 60,
  account: DEFAULT_ACCOUNT_CEILING,
};

/** How long an (account, address) pair stays known after a successful sign-in. */
export const KNOWN_ADDRESS_DAYS = 90;

/** `account_address`: this account from this address; `address`: this address; `account`: the ceiling. */
export type SignInLimitScope = "account_address" | "address" | "account";

export type SignInAttemptDecision =
  { allowed: true } | { allowed: false; scope: SignInLimitScope; retryAfterSeconds: number };

export interface SignInAttempt {
  email: string;
  /** The client's address (lib/auth/client-ip.ts); null when it is not known. */
  ip: string | null;
}

const hash = (value: string) => createHash("sha256").update(value).digest("hex");

/** The store holds hashes, not the email or address itself. */
function keysOf(attempt: SignInAttempt) {
  const account = hash(`account ${attempt.email.trim().toLowerCase()}`);
  const address = attempt.ip === null ? null : hash(`address ${addressLimitKey(attempt.ip)}`);
  return {
    account: `account:${account}`,
    address: address === null ? null : `ip:${address}`,
    // An unknown address is one address for each account: the per-account limit still holds, and
    // nobody can use up an allowance that everyone shares.
    pair: `pair:${hash(`${account} ${address ?? "unknown"}`)}`,
    known: address !== null,
  };
}

/**
 * Counts one sign-in attempt, before the password is checked. Refused (and not kept) when this
 * account has had `maxAttempts` from this address, or this address `maxAttempts` over all accounts,
 * within the window; or when the account's ceiling asks for a wait and the pair is not known.
 * Insert-then-count: attempts racing each other can only be refused too often, never let through.
 */
export async function consumeSignInAttempt(
  db: Kysely<Database>,
  attempt: SignInAttempt,
  limit: SignInLimit = DEFAULT_SIGN_IN_LIMIT,
  now: Date = new Date(),
): Promise<SignInAttemptDecision> {
  const ceiling = limit.account ?? DEFAULT_ACCOUNT_CEILING;
  const keys = keysOf(attempt);
  const windowStart = new Date(now.getTime() - limit.windowSeconds * 1000).toISOString();
  const ceilingStart = new Date(now.getTime() - ceiling.windowSeconds * 1000).toISOString();

  // The per-account rows are kept for the ceiling's window, the others for the short one.
  await db
    .deleteFrom("sign_in_attempt")
    .where((eb) =>
      eb.or([
        eb("attempted_at", "<", ceilingStart),
        eb.and([eb("attempted_at", "<", windowStart), eb("bucket", "not like", "account:%")]),
      ]),
    )
    .execute();

  const exempt = keys.known && (await isKnownPair(db, keys.pair, now));
  const buckets = [keys.pair, keys.address, keys.account].filter((bucket) => bucket !== null);
  const inserted = await db
    .insertInto("sign_in_attempt")
    .values(buckets.map((bucket) => ({ bucket, pair: keys.pair, attempted_at: now.toISOString() })))
    .returning("id")
    .execute();
  const ownIds = inserted.map((row) => row.id);
  const earlier = (bucket: string, since: string) =>
    db
      .selectFrom("sign_in_attempt")
      .select("attempted_at")
      .where("bucket", "=", bucket)
      .where("attempted_at", ">", since)
      .where("id", "not in", ownIds)
      .orderBy("attempted_at", "asc")
      .execute();

  const refusals: Array<{ scope: SignInLimitScope; freeAt: number }> = [];
  for (const [scope, bucket] of [
    ["account_address", keys.pair],
    ["address", keys.address],
  ] as const) {
    if (bucket === null) continue;
    const others = await earlier(bucket, windowStart);
    if (others.length < limit.maxAttempts) continue;
    // Allowed again once enough of the earlier attempts have left the window.
    const freeing = others[others.length - limit.maxAttempts]!;
    refusals.push({ scope, freeAt: new Date(toIso(freeing.attempted_at)).getTime() + limit.windowSeconds * 1000 });
  }
  if (!exempt) {
    const others = await earlier(keys.account, ceilingStart);
    if (others.length >= ceiling.freeAttempts) {
      const delaySeconds = Math.min(
        ceiling.baseDelaySeconds * 2 ** (others.length - ceiling.freeAttempts),
        ceiling.maxDelaySeconds,
      );
      const latest = new Date(toIso(others[others.length - 1]!.attempted_at)).getTime();
      refusals.push({ scope: "account", freeAt: latest + delaySeconds * 1000 });
    }
  }

  const waits = refusals
    .map(({ scope, freeAt }) => ({ scope, retryAfterSeconds: Math.ceil((freeAt - now.getTime()) / 1000) }))
    .filter(({ retryAfterSeconds }) => retryAfterSeconds > 0);
  if (waits.length === 0) return { allowed: true };
  await db.deleteFrom("sign_in_attempt").where("id", "in", ownIds).execute();
  const longest = waits.reduce((a, b) => (b.retryAfterSeconds > a.retryAfterSeconds ? b : a));
  return { allowed: false, ...longest };
}

async function isKnownPair(db: Kysely<Database>, pair: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const row = await db
    .selectFrom("sign_in_known_address")
    .select("pair")
    .where("pair", "=", pair)
    .where("signed_in_at", ">", since)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * After a successful sign-in: this account's attempts from this address (the earlier failures were
 * the owner's own, and the sign-in itself) no longer count anywhere, so a team behind one NAT
 * address signing in every morning does not use up the address's allowance; the address's failures
 * on other accounts still count. And the pair is known from now on: the account's ceiling does not
 * slow it.
 */
export async function rememberSuccessfulSignIn(
  db: Kysely<Database>,
  attempt: SignInAttempt,
  now: Date = new Date(),
): Promise<void> {
  const keys = keysOf(attempt);
  await db.deleteFrom("sign_in_attempt").where("pair", "=", keys.pair).execute();
  if (!keys.known) return;
  await db
    .insertInto("sign_in_known_address")
    .values({ pair: keys.pair, signed_in_at: now.toISOString() })
    .onConflict((conflict) => conflict.column("pair").doUpdateSet({ signed_in_at: now.toISOString() }))
    .execute();
  const forgottenBefore = new Date(now.getTime() - KNOWN_ADDRESS_DAYS * 24 * 60 * 60 * 1000).toISOString();
  await db.deleteFrom("sign_in_known_address").where("signed_in_at", "<", forgottenBefore).execute();
}

function waitText(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minutes`;
}

export function signInLimitMessage(decision: Extract<SignInAttemptDecision, { allowed: false }>): string {
  const wait = waitText(decision.retryAfterSeconds);
  if (decision.scope === "address") return `Too many sign-in attempts from this address. Try again in ${wait}.`;
  if (decision.scope === "account")
    return `Too many failed sign-ins for this account lately, from several addresses. Try again in ${wait}.`;
  return `Too many sign-in attempts for this account. Try again in ${wait}.`;
}
