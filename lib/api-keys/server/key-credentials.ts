import "server-only";
import type { Kysely } from "kysely";
import { consumeRateLimit } from "@/lib/api/rate-limit";
import { hashApiKey, lowerRole, statusOf } from "@/lib/api-keys/server/api-keys";
import { API_KEY_PREFIX } from "@/lib/api-keys/limits";
import { roleSchema } from "@/lib/auth/roles";
import { isDisabled } from "@/lib/auth/server/session-cache";
import type { CurrentSession } from "@/lib/auth/signed-in-user";
import { apiKeyRateLimit } from "@/lib/config/server-config";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { ApiError } from "@/lib/http/server/api-error";

// A request with `Authorization: Bearer vbk_…` acts as the key's owner with the key's role (never
// above the owner's current role). It is not a browser: it carries no cookie, so the same-origin
// check, which guards cookies, does not apply; a request that sends both a key and a session cookie
// is refused rather than guessed at. Each key is limited per minute in the store (every instance
// counts together). Nothing about the key is remembered per instance: a revoked key, a disabled owner
// or a changed role count at the next request on every instance.

export interface KeyCredentials {
  key: string;
}

/** Where the request's session cookie would be (Better Auth's cookie prefix, lib/auth/server/auth.ts). */
const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?vpsdash\.session_token=/;

/** The API key a request presents, null when it presents none; throws on a malformed or mixed one. */
export function requestApiKey(headers: Headers): KeyCredentials | null {
  const authorization = headers.get("authorization");
  if (authorization === null) return null;
  const match = /^Bearer +(\S+) *$/i.exec(authorization);
  if (!match) {
    throw new ApiError(
      "unauthenticated",
      "The Authorization header must be `Bearer <API key>`. Make a key at /settings/api-keys.",
    );
  }
  const key = match[1]!;
  if (!key.startsWith(API_KEY_PREFIX)) {
    throw new ApiError(
      "unauthenticated",
      `That is not an API key of this dashboard: its keys begin with ${API_KEY_PREFIX}. Make one at /settings/api-keys.`,
    );
  }
  if (SESSION_COOKIE.test(headers.get("cookie") ?? "")) {
    throw new ApiError(
      "ambiguous_credentials",
      "This request sends both an API key and a session cookie: send one or the other (a script sends the key only).",
    );
  }
  return { key };
}

export interface KeySession {
  session: CurrentSession;
  apiKey: { id: number; name: string };
}

/** How often a key's "last used" is written, at most: every request would be a write for nothing. */
const LAST_USED_EVERY_MS = 60_000;

/** The session a key stands for, or a 401 that says why not (or a 429 when the key is over its limit). */
export async function keySession(
  db: Kysely<Database>,
  credentials: KeyCredentials,
  now: Date = new Date(),
): Promise<KeySession> {
  const row = await db
    .selectFrom("api_key")
    .innerJoin("user", "user.id", "api_key.user_id")
    .select([
      "api_key.id",
      "api_key.name",
      "api_key.role as keyRole",
      "api_key.expires_at",
      "api_key.revoked_at",
      "api_key.revoked_by_email",
      "api_key.last_used_at",
      "user.id as userId",
      "user.email",
      "user.name as userName",
      "user.role as userRole",
      "user.banned",
      "user.banExpires",
    ])
    .where("api_key.key_hash", "=", hashApiKey(credentials.key))
    .executeTakeFirst();
  if (!row) throw new ApiError("unauthenticated", "This API key is not known here: check that it was copied whole.");
  const status = statusOf(row, now.getTime());
  if (status === "revoked") {
    throw new ApiError(
      "unauthenticated",
      `This API key (${row.name}) was revoked on ${toIso(row.revoked_at!).slice(0, 10)}${row.revoked_by_email ? ` by ${row.revoked_by_email}` : ""}.`,
    );
  }
  if (status === "expired") {
    throw new ApiError(
      "unauthenticated",
      `This API key (${row.name}) expired on ${toIso(row.expires_at).slice(0, 10)}: make a new one at /settings/api-keys.`,
    );
  }
  if (isDisabled(row.banned, row.banExpires, now.getTime())) {
    throw new ApiError("unauthenticated", `This API key's owner (${row.email}) is disabled, so the key is too.`);
  }
  const id = Number(row.id);
  const limit = await consumeRateLimit(
    db,
    { name: "api_key", max: apiKeyRateLimit(), windowSeconds: 60 },
    String(id),
    now,
  );
  if (!limit.allowed) {
    throw new ApiError(
      "rate_limited",
      `This API key (${row.name}) made more than ${apiKeyRateLimit()} requests this minute: wait ${limit.retryAfterSeconds} s.`,
      { retryAfterSeconds: limit.retryAfterSeconds },
    );
  }
  const lastUsed = row.last_used_at === null ? null : Date.parse(toIso(row.last_used_at));
  if (lastUsed === null || now.getTime() - lastUsed >= LAST_USED_EVERY_MS) {
    await db.updateTable("api_key").set({ last_used_at: now.toISOString() }).where("id", "=", id).execute();
  }
  const ownerRole = roleSchema.safeParse(row.userRole);
  const keyRole = roleSchema.safeParse(row.keyRole);
  const role = keyRole.success && ownerRole.success ? lowerRole(keyRole.data, ownerRole.data) : null;
  return {
    session: {
      user: { id: row.userId, email: row.email, name: row.userName, role },
      sessionId: `api-key:${id}`,
      expiresAt: toIso(row.expires_at),
    },
    apiKey: { id, name: row.name },
  };
}
