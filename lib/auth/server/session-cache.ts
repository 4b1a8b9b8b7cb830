import "server-only";
import type { Kysely } from "kysely";
import { roleSchema } from "@/lib/auth/roles";
import type { CurrentSession } from "@/lib/auth/signed-in-user";
import type { Database } from "@/lib/db/schema";
import { fromDbBoolean, toIso } from "@/lib/db/values";

// Validating a session through Better Auth (its signed cookie, its session and user lookups, its
// endpoint machinery) was most of what a viewer's poll of GET /api/backups cost. Each instance
// remembers, for a while, the Cookie headers Better Auth has validated and the session token each
// carries; a request with exactly that header is then checked against the store by one query of the
// session row and its user instead: the session still there, not expired, the user not disabled,
// their current role. So the store stays the only truth — a sign-out, a disabled user, a changed role
// or an expiry on any instance (or by hand) counts at once — and only the signature check and Better
// Auth's overhead are saved. Every REVALIDATE_MS Better Auth validates the header again (and slides
// the session's expiry as it does).

/** How long an instance checks a validated Cookie header itself before Better Auth validates it again. */
export const REVALIDATE_MS = 60_000;
/** Cookie headers remembered per instance; the oldest go first. */
const MAX_REMEMBERED = 1_000;

interface Validated {
  session: CurrentSession;
  token: string;
  at: number;
}

export interface ValidatedSession {
  session: CurrentSession;
  /** The session's token (the cookie's value without its signature). */
  token: string;
}

const CACHES = Symbol.for("vpsorg-dashboard.validated-cookies");
const holder = globalThis as typeof globalThis & { [CACHES]?: WeakMap<object, Map<string, Validated>> };

/**
 * The session of the request whose Cookie header is `cookie`: checked against the store when this
 * instance validated the same header less than REVALIDATE_MS ago, else `validate()`'s answer (Better
 * Auth's), remembered. `scope` is what the memory belongs to (the store: one per instance).
 */
export async function checkedSession(
  scope: object,
  db: Kysely<Database>,
  cookie: string,
  validate: () => Promise<ValidatedSession | null>,
  now: () => number = Date.now,
): Promise<CurrentSession | null> {
  const caches = (holder[CACHES] ??= new WeakMap());
  let cache = caches.get(scope);
  if (!cache) caches.set(scope, (cache = new Map()));
  const remembered = cache.get(cookie);
  if (remembered && now() - remembered.at < REVALIDATE_MS) {
    const current = await currentState(db, remembered, now());
    if (current) return current;
    // Ended, expired or disabled: Better Auth says so (and cleans up) as it would have.
  }
  cache.delete(cookie);
  const at = now();
  const validated = await validate();
  if (!validated) return null;
  if (cache.size >= MAX_REMEMBERED) cache.delete(cache.keys().next().value!);
  cache.set(cookie, { ...validated, at });
  return validated.session;
}

/** The remembered session as the store has it now, or null when it no longer holds. */
async function currentState(db: Kysely<Database>, remembered: Validated, now: number): Promise<CurrentSession | null> {
  const row = await db
    .selectFrom("session")
    .innerJoin("user", "user.id", "session.userId")
    .select([
      "session.id as sessionId",
      "session.expiresAt",
      "user.id as userId",
      "user.email",
      "user.name",
      "user.role",
      "user.banned",
      "user.banExpires",
    ])
    .where("session.token", "=", remembered.token)
    .executeTakeFirst();
  if (!row || row.sessionId !== remembered.session.sessionId || row.userId !== remembered.session.user.id) return null;
  const expiresAt = toIso(row.expiresAt);
  if (Date.parse(expiresAt) <= now) return null;
  if (isDisabled(row.banned, row.banExpires, now)) return null;
  const role = roleSchema.safeParse(row.role);
  return {
    user: { id: row.userId, email: row.email, name: row.name, role: role.success ? role.data : null },
    sessionId: row.sessionId,
    expiresAt,
  };
}

/** Whether a user row (Better Auth's admin plugin's ban fields) is disabled at `now`. */
export function isDisabled(
  banned: boolean | number | null | undefined,
  banExpires: Date | string | number | null,
  now: number,
): boolean {
  return fromDbBoolean(banned) && (banExpires === null || Date.parse(toIso(banExpires)) > now);
}
