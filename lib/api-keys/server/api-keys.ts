import "server-only";
import { createHash, randomBytes } from "node:crypto";
import type { Kysely, Selectable } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { AuditActor } from "@/lib/audit/server/audit-entry";
import { API_KEY_PREFIX, API_KEY_SHOWN_LENGTH, MAX_ACTIVE_API_KEYS_PER_USER } from "@/lib/api-keys/limits";
import type { CreateApiKeyInput } from "@/lib/api-keys/inputs";
import type { ApiKey, ApiKeyStatus, CreatedApiKey } from "@/lib/api-keys/schemas";
import { roleNames, type Role } from "@/lib/auth/role-names";
import { roleCan } from "@/lib/auth/roles";
import type { ApiKeyTable, Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { ApiError } from "@/lib/http/server/api-error";

// Personal API keys, for scripts and pipelines: a key acts as its owner with the key's role, which is
// never above the owner's role (checked when the key is made, and again at each use, so a demoted
// owner's keys are demoted with them). The store keeps the SHA-256 of the key only: a key is 32 random
// bytes, so a fast hash is enough (there is nothing to guess), and the lookup by hash needs no
// constant-time comparison. Creating and revoking are audited in the same transaction; what a key
// does is audited like any request, naming the key (lib/api-keys/server/acting-key.ts).

type Row = Selectable<ApiKeyTable>;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Who asks: the signed-in person, their role, and where from. */
export interface KeyManager {
  actor: AuditActor;
  role: Role | null;
  ip: string | null;
}

/** The signed-in person of a route, as these functions take them. */
export function keyManager(
  session: { user: { id: string; email: string; role: Role | null } },
  ip: string | null,
): KeyManager {
  return { actor: { id: session.user.id, email: session.user.email }, role: session.user.role, ip };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** Whether `a` grants no more than `b` (roles are ordered viewer < operator < admin). */
export function roleAtMost(a: Role, b: Role | null): boolean {
  return b !== null && roleNames.indexOf(a) <= roleNames.indexOf(b);
}

/** The lower of two roles: what a key acts with when its owner's role changed. */
export function lowerRole(a: Role, b: Role | null): Role | null {
  if (b === null) return null;
  return roleNames[Math.min(roleNames.indexOf(a), roleNames.indexOf(b))]!;
}

export function statusOf(row: Pick<Row, "revoked_at" | "expires_at">, now: number): ApiKeyStatus {
  if (row.revoked_at !== null) return "revoked";
  return Date.parse(toIso(row.expires_at)) <= now ? "expired" : "active";
}

function toApiKey(row: Row, now: number): ApiKey {
  return {
    id: Number(row.id),
    name: row.name,
    role: roleNames.includes(row.role as Role) ? (row.role as Role) : "viewer",
    prefix: row.prefix,
    owner: { id: row.user_id, email: row.user_email },
    status: statusOf(row, now),
    created_at: toIso(row.created_at),
    expires_at: toIso(row.expires_at),
    last_used_at: row.last_used_at === null ? null : toIso(row.last_used_at),
    revoked_at: row.revoked_at === null ? null : toIso(row.revoked_at),
    revoked_by: row.revoked_by_email,
  };
}

/** Admins may see and revoke everyone's keys; everyone else their own. */
export function managesEveryonesKeys(role: Role | null): boolean {
  return roleCan(role, { api_key: ["manage"] });
}

/** Makes a key for `by.actor`; the answer is the only time the key is seen. */
export async function createApiKey(
  db: Kysely<Database>,
  by: KeyManager,
  input: Required<CreateApiKeyInput>,
  now: Date = new Date(),
): Promise<CreatedApiKey> {
  if (!roleAtMost(input.role, by.role)) {
    throw new ApiError(
      "forbidden",
      `Your role (${by.role ?? "none"}) does not allow a key with the role ${input.role}: a key's role can be at most your own.`,
    );
  }
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = new Date(now.getTime() + input.expires_in_days * DAY_MS);
  const row = await writeTransaction(db, async (trx) => {
    const active = await trx
      .selectFrom("api_key")
      .select((eb) => eb.fn.countAll<number>().as("count"))
      .where("user_id", "=", by.actor.id)
      .where("revoked_at", "is", null)
      .where("expires_at", ">", now.toISOString())
      .executeTakeFirstOrThrow();
    if (Number(active.count) >= MAX_ACTIVE_API_KEYS_PER_USER) {
      throw new ApiError(
        "conflict",
        `You have ${MAX_ACTIVE_API_KEYS_PER_USER} active API keys, the most one person may have: revoke one you no longer use first.`,
      );
    }
    const inserted = await trx
      .insertInto("api_key")
      .values({
        user_id: by.actor.id,
        user_email: by.actor.email.toLowerCase(),
        name: input.name,
        role: input.role,
        prefix: key.slice(0, API_KEY_SHOWN_LENGTH),
        key_hash: hashApiKey(key),
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "api_key.create",
        target: { userId: by.actor.id, userEmail: by.actor.email, description: describe(inserted) },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
    return inserted;
  });
  return { ...toApiKey(row, now.getTime()), key };
}

function describe(row: Pick<Row, "name" | "role" | "expires_at">): string {
  return `${row.name} (${row.role}, expires ${toIso(row.expires_at).slice(0, 10)})`;
}

/** The keys `by` may see, newest first: their own, or everyone's for an admin. */
export async function listApiKeys(db: Kysely<Database>, by: KeyManager, now: Date = new Date()): Promise<ApiKey[]> {
  let query = db.selectFrom("api_key").selectAll().orderBy("id", "desc");
  if (!managesEveryonesKeys(by.role)) query = query.where("user_id", "=", by.actor.id);
  return (await query.execute()).map((row) => toApiKey(row, now.getTime()));
}

/**
 * Revokes a key at once (on every instance: each use reads the store). Revoking a key that is already
 * revoked changes nothing and writes nothing. Someone else's key is a 404 unless `by` is an admin.
 */
export async function revokeApiKey(
  db: Kysely<Database>,
  by: KeyManager,
  keyId: number,
  now: Date = new Date(),
): Promise<ApiKey> {
  return writeTransaction(db, async (trx) => {
    const row = await trx.selectFrom("api_key").selectAll().where("id", "=", keyId).executeTakeFirst();
    if (!row || (row.user_id !== by.actor.id && !managesEveryonesKeys(by.role))) {
      throw new ApiError("not_found", `There is no API key ${keyId} that you may revoke.`);
    }
    if (row.revoked_at !== null) return toApiKey(row, now.getTime());
    const revoked = await trx
      .updateTable("api_key")
      .set({ revoked_at: now.toISOString(), revoked_by_email: by.actor.email.toLowerCase() })
      .where("id", "=", keyId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "api_key.revoke",
        target: { userId: row.user_id, userEmail: row.user_email, description: describe(row) },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
    return toApiKey(revoked, now.getTime());
  });
}
