import "server-only";
import { ApiError, type ApiErrorSource } from "@/lib/http/server/api-error";
import { createHash, randomBytes } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { consumeRateLimit, SETUP_RATE_LIMIT, type RateLimit } from "@/lib/api/rate-limit";
import { recordAudit } from "@/lib/audit/server/audit-log";
import { recordRefusal } from "@/lib/audit/server/refusals";
import { addressLimitKey } from "@/lib/auth/server/client-address";
import type { Database } from "@/lib/db/schema";
import type { Store } from "@/lib/store/store";
import {
  addUser,
  changeRole,
  createPasswordUser,
  enableUser,
  findUserByEmail,
  SYSTEM,
  UserManagementError,
} from "@/lib/users/server/users";
import { setupInputSchema, type SetupInput } from "@/lib/users/inputs";
import type { UserSummary } from "@/lib/users/schemas";

// The first admin. Either the environment names one (DASHBOARD_ADMIN_EMAIL + DASHBOARD_ADMIN_PASSWORD,
// ensured at every start), or, while there are no users at all, a one-time setup link
// (/setup?token=…) lets the first person in create it. Only the token's SHA-256 is stored (it is 256
// random bits, so a fast hash is enough), in a single row: a new link replaces the previous one.

export const SETUP_TOKEN_TTL_MS = 24 * 60 * 60 * 1000;

export type SetupErrorCode = "invalid_token" | "already_set_up" | "setup_in_progress" | "too_many_attempts";

export class SetupError extends Error implements ApiErrorSource {
  constructor(
    readonly code: SetupErrorCode,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "SetupError";
  }

  /**
   * A wrong, expired or used token is 403; a dashboard that already has users (or is being set up)
   * is 409; too many attempts from one address, 429 with Retry-After.
   */
  toApiError(): ApiError {
    if (this.code === "too_many_attempts")
      return new ApiError("rate_limited", this.message, { retryAfterSeconds: this.retryAfterSeconds, cause: this });
    return new ApiError(this.code === "invalid_token" ? "forbidden" : "conflict", this.message, { cause: this });
  }
}

export type EnsureAdminResult = "not_configured" | "created" | "updated" | "unchanged";

/**
 * With DASHBOARD_ADMIN_EMAIL and DASHBOARD_ADMIN_PASSWORD set, makes sure that user exists, is an
 * admin and is enabled. An existing user's password is left alone (it may have been changed since).
 */
export async function ensureAdminFromEnv(store: Store): Promise<EnsureAdminResult> {
  const wanted = store.config.bootstrapAdmin;
  if (!wanted) return "not_configured";
  let user = await findUserByEmail(store, wanted.email);
  if (!user) {
    try {
      await addUser(store, SYSTEM, {
        email: wanted.email,
        name: "Administrator",
        password: wanted.password,
        role: "admin",
      });
      return "created";
    } catch (error) {
      // Another instance starting at the same moment created it first.
      if (!(error instanceof UserManagementError && error.code === "email_taken")) throw error;
      user = await findUserByEmail(store, wanted.email);
      if (!user) throw error;
    }
  }
  let result: EnsureAdminResult = "unchanged";
  if (user.role !== "admin") {
    await changeRole(store, SYSTEM, user.id, "admin");
    result = "updated";
  }
  if (user.disabled) {
    await enableUser(store, SYSTEM, user.id);
    result = "updated";
  }
  return result;
}

export function hashSetupToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function countUsers(db: Kysely<Database>): Promise<number> {
  const { count } = await db
    .selectFrom("user")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/**
 * While there are no users, returns a new one-time setup token (replacing any earlier one) and its
 * expiry; returns null once there are users. The token is shown once (logged at start-up as a link).
 */
export async function createSetupToken(
  store: Store,
  ttlMs: number = SETUP_TOKEN_TTL_MS,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: string } | null> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  return store.db.transaction().execute(async (trx) => {
    if (store.dialect === "postgres") await sql`select pg_advisory_xact_lock(${SETUP_LOCK_KEY})`.execute(trx);
    if ((await countUsers(trx)) > 0) return null;
    const current = await trx.selectFrom("setup_token").select("used_at").where("id", "=", 1).executeTakeFirst();
    // A claimed token whose setup is still creating the admin: do not open a second way in.
    if (current?.used_at) throw new SetupError("setup_in_progress", "A setup is being completed right now.");
    await trx.deleteFrom("setup_token").execute();
    await trx
      .insertInto("setup_token")
      .values({
        id: 1,
        token_hash: hashSetupToken(token),
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    return { token, expiresAt };
  });
}

const SETUP_LOCK_KEY = 7_306_412_021;

/**
 * Creates the first admin with a setup token. The token is claimed by one conditional UPDATE, so of
 * two requests racing with it exactly one gets through; afterwards it never works again. If creating
 * the user fails (say, the database is down), the claim is released and the link can be used again.
 * Attempts are limited per client address (SETUP_RATE_LIMIT; all clients of unknown address share
 * one allowance), before the token is looked at, so the token cannot be guessed at speed; refusals
 * go to the audit log bounded (lib/audit/server/refusals.ts).
 */
export async function completeSetup(
  store: Store,
  token: string,
  input: SetupInput,
  ip: string | null = null,
  limit: RateLimit = SETUP_RATE_LIMIT,
): Promise<UserSummary> {
  const address = ip === null ? "unknown" : createHash("sha256").update(addressLimitKey(ip)).digest("hex");
  const decision = await consumeRateLimit(store.db, limit, address);
  const refused = (code: string, message: string) =>
    recordRefusal(store.db, {
      actor: null,
      action: "setup.complete",
      target: typeof input?.email === "string" ? { userEmail: input.email.slice(0, 320) } : {},
      ip,
      code,
      message,
    });
  if (!decision.allowed) {
    const message = `Too many setup attempts from your address: try again in ${decision.retryAfterSeconds} s.`;
    await refused("rate_limited", message);
    throw new SetupError("too_many_attempts", message, decision.retryAfterSeconds);
  }
  const parsed = setupInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ");
    throw new UserManagementError("invalid_input", `Invalid user: ${fields}`);
  }
  const tokenHash = hashSetupToken(token);
  const now = new Date().toISOString();
  const claimed = await store.db
    .updateTable("setup_token")
    .set({ used_at: now })
    .where("id", "=", 1)
    .where("token_hash", "=", tokenHash)
    .where("used_at", "is", null)
    .where("expires_at", ">", now)
    .executeTakeFirst();
  if (claimed.numUpdatedRows !== BigInt(1)) {
    await refused("invalid_token", "The setup link is invalid, expired or already used.");
    throw new SetupError("invalid_token", "This setup link is invalid, has expired or has already been used.");
  }
  if ((await countUsers(store.db)) > 0)
    throw new SetupError("already_set_up", "The dashboard already has users: sign in instead.");
  let user: UserSummary;
  try {
    user = await createPasswordUser(store, { ...parsed.data, role: "admin" });
  } catch (error) {
    await store.db
      .updateTable("setup_token")
      .set({ used_at: null })
      .where("id", "=", 1)
      .where("token_hash", "=", tokenHash)
      .execute();
    throw error;
  }
  await recordAudit(store.db, {
    actor: { id: user.id, email: user.email },
    action: "setup.complete",
    target: { userId: user.id, userEmail: user.email, description: "first admin created with the setup link" },
    ip,
    outcome: "success",
  });
  return user;
}

/**
 * What the server does once at start-up (from instrumentation.ts): ensure the admin named by the
 * environment, and while there are no users, mint a setup link to print in the server log.
 */
export async function prepareFirstRun(
  store: Store,
): Promise<{ admin: EnsureAdminResult; setupUrl: string | null; setupExpiresAt: string | null }> {
  const admin = await ensureAdminFromEnv(store);
  let setup: { token: string; expiresAt: string } | null = null;
  try {
    setup = await createSetupToken(store);
  } catch (error) {
    if (!(error instanceof SetupError && error.code === "setup_in_progress")) throw error;
  }
  return {
    admin,
    setupUrl: setup ? `${store.config.baseURL}/setup?token=${encodeURIComponent(setup.token)}` : null,
    setupExpiresAt: setup?.expiresAt ?? null,
  };
}
