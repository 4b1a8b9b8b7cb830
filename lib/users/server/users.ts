import "server-only";
import { ApiError, type ApiErrorSource } from "@/lib/http/server/api-error";
import { isAPIError } from "better-auth/api";
import { sql, type Kysely, type Selectable } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { AuditAction } from "@/lib/audit/schemas";
import type { AuditActor } from "@/lib/audit/server/audit-entry";
import { roleSchema, type Role } from "@/lib/auth/roles";
import type { Database, UserTable } from "@/lib/db/schema";
import type { Store } from "@/lib/store/store";
import { dbBoolean, fromDbBoolean, toIso } from "@/lib/db/values";
import { addUserInputSchema, type AddUserInput } from "@/lib/users/inputs";
import type { UserSummary } from "@/lib/users/schemas";

// Adding users, changing roles, disabling and enabling them. Each records its audit entry (success
// or refusal). A role change or a disable is one transaction that re-counts the enabled admins
// after the change and rolls back if none is left, so two admins demoting each other at the same
// moment cannot leave the dashboard without one.

export type UserManagementErrorCode =
  "invalid_input" | "not_found" | "email_taken" | "last_admin" | "cannot_disable_self";

export class UserManagementError extends Error implements ApiErrorSource {
  constructor(
    readonly code: UserManagementErrorCode,
    message: string,
    /** The user concerned, for the audit entry of the refusal. */
    readonly target: { userId?: string; userEmail?: string } = {},
  ) {
    super(message);
    this.name = "UserManagementError";
  }

  /** Bad input and unknown users keep their code; every other refusal is a rule of the dashboard's: 409 conflict. */
  toApiError(): ApiError {
    const code = this.code === "invalid_input" || this.code === "not_found" ? this.code : "conflict";
    return new ApiError(code, this.message, { cause: this });
  }
}

/** Who asks, for the audit log: `actor` null is the dashboard itself (start-up). */
export interface ActingAs {
  actor: AuditActor | null;
  ip: string | null;
}

export const SYSTEM: ActingAs = { actor: null, ip: null };

export async function listUsers(store: Store): Promise<UserSummary[]> {
  const rows = await store.db.selectFrom("user").selectAll().orderBy("email").execute();
  return rows.map(toSummary);
}

export async function findUserByEmail(store: Store, email: string): Promise<UserSummary | null> {
  const row = await store.db
    .selectFrom("user")
    .selectAll()
    .where("email", "=", email.trim().toLowerCase())
    .executeTakeFirst();
  return row ? toSummary(row) : null;
}

/** Adds a user who signs in with email and password. */
export async function addUser(store: Store, by: ActingAs, input: AddUserInput): Promise<UserSummary> {
  let user: UserSummary;
  try {
    user = await createPasswordUser(store, input);
  } catch (error) {
    if (error instanceof UserManagementError)
      throw await refuse(store, by, "user.create", error.target, error.code, error.message);
    throw error;
  }
  await recordAudit(store.db, {
    actor: by.actor,
    action: "user.create",
    target: { userId: user.id, userEmail: user.email, description: `role ${user.role}` },
    ip: by.ip,
    outcome: "success",
  });
  return user;
}

/** Creates the user and its password account (hashed by Better Auth); records nothing. */
export async function createPasswordUser(store: Store, input: AddUserInput): Promise<UserSummary> {
  const parsed = addUserInputSchema.safeParse(input);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ");
    const userEmail = typeof input.email === "string" ? input.email.slice(0, 320) : undefined;
    throw new UserManagementError("invalid_input", `Invalid user: ${fields}`, { userEmail });
  }
  const { email, name, password, role } = parsed.data;
  let userId: string;
  try {
    const created = await store.auth.api.createUser({
      // Admins vouch for the address, and there is no self sign-up to pre-register someone else's.
      body: { email, name, password, role, data: { emailVerified: true } },
    });
    userId = created.user.id;
  } catch (error) {
    // Better Auth checks first; a request racing this one trips the unique index instead.
    const taken =
      (isAPIError(error) && /exist/i.test(error.body?.code ?? "")) || (await findUserByEmail(store, email)) !== null;
    if (taken)
      throw new UserManagementError("email_taken", "A user with this email already exists.", { userEmail: email });
    throw error;
  }
  const row = await store.db.selectFrom("user").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
  return toSummary(row);
}

export async function changeRole(store: Store, by: ActingAs, userId: string, role: Role): Promise<UserSummary> {
  const newRole = roleSchema.parse(role);
  return changeAdminMembership(store, by, "user.role_change", userId, async (trx, before) => {
    if (before.role === newRole) return null;
    await trx
      .updateTable("user")
      .set({ role: newRole, updatedAt: new Date().toISOString() })
      .where("id", "=", userId)
      .execute();
    return `${before.role ?? "none"} → ${newRole}`;
  });
}

/** Disables a user: they cannot sign in, and every session of theirs ends at once. */
export async function disableUser(store: Store, by: ActingAs, userId: string, reason?: string): Promise<UserSummary> {
  if (by.actor?.id === userId) {
    throw await refuse(
      store,
      by,
      "user.disable",
      { userId },
      "cannot_disable_self",
      "You cannot disable your own account.",
    );
  }
  return changeAdminMembership(store, by, "user.disable", userId, async (trx, before) => {
    if (fromDbBoolean(before.banned)) return null;
    await trx
      .updateTable("user")
      .set({
        banned: dbBoolean(store.dialect, true),
        banReason: reason?.slice(0, 255) ?? "Disabled by an administrator",
        banExpires: null,
        updatedAt: new Date().toISOString(),
      })
      .where("id", "=", userId)
      .execute();
    await trx.deleteFrom("session").where("userId", "=", userId).execute();
    return reason ? `disabled: ${reason.slice(0, 255)}` : "disabled";
  });
}

export async function enableUser(store: Store, by: ActingAs, userId: string): Promise<UserSummary> {
  return changeAdminMembership(store, by, "user.enable", userId, async (trx, before) => {
    if (!fromDbBoolean(before.banned)) return null;
    await trx
      .updateTable("user")
      .set({
        banned: dbBoolean(store.dialect, false),
        banReason: null,
        banExpires: null,
        updatedAt: new Date().toISOString(),
      })
      .where("id", "=", userId)
      .execute();
    return "enabled";
  });
}

// Serialises changes to who is an enabled admin on PostgreSQL (SQLite serialises writers itself).
const ADMIN_MEMBERSHIP_LOCK_KEY = 7_306_412_020;

/**
 * Runs `change` in a transaction; if the user was an enabled admin, re-counts the enabled admins
 * afterwards and rolls back when none is left. The audit entry of a change commits with it; a
 * refusal is recorded after the rollback. `change` returns null when there is nothing to do.
 */
async function changeAdminMembership(
  store: Store,
  by: ActingAs,
  action: AuditAction,
  userId: string,
  change: (trx: Kysely<Database>, before: Selectable<UserTable>) => Promise<string | null>,
): Promise<UserSummary> {
  const result = await store.db
    .transaction()
    .execute(async (trx) => {
      if (store.dialect === "postgres")
        await sql`select pg_advisory_xact_lock(${ADMIN_MEMBERSHIP_LOCK_KEY})`.execute(trx);
      const before = await trx.selectFrom("user").selectAll().where("id", "=", userId).executeTakeFirst();
      if (!before) throw new UserManagementError("not_found", "There is no such user.", { userId });
      const description = await change(trx, before);
      if (description === null) return before;
      const wasEnabledAdmin = before.role === "admin" && !fromDbBoolean(before.banned);
      if (wasEnabledAdmin && (await countEnabledAdmins(trx, store)) === 0) {
        throw new UserManagementError(
          "last_admin",
          "This is the last enabled admin: make another user an admin first.",
          {
            userId,
            userEmail: before.email,
          },
        );
      }
      await recordAudit(trx, {
        actor: by.actor,
        action,
        target: { userId: before.id, userEmail: before.email, description },
        ip: by.ip,
        outcome: "success",
      });
      return trx.selectFrom("user").selectAll().where("id", "=", userId).executeTakeFirstOrThrow();
    })
    .catch(async (error: unknown) => {
      // Rolled back by now: record the refusal on its own.
      if (error instanceof UserManagementError)
        throw await refuse(store, by, action, error.target, error.code, error.message);
      throw error;
    });
  return toSummary(result);
}

async function countEnabledAdmins(db: Kysely<Database>, store: Store): Promise<number> {
  const { count } = await db
    .selectFrom("user")
    .select((eb) => eb.fn.countAll<number | string>().as("count"))
    .where("role", "=", "admin")
    .where((eb) => eb.or([eb("banned", "is", null), eb("banned", "=", dbBoolean(store.dialect, false))]))
    .executeTakeFirstOrThrow();
  return Number(count);
}

/** Records the refusal and returns the error to throw. */
async function refuse(
  store: Store,
  by: ActingAs,
  action: AuditAction,
  target: { userId?: string; userEmail?: string },
  code: UserManagementErrorCode,
  message: string,
): Promise<UserManagementError> {
  await recordAudit(store.db, {
    actor: by.actor,
    action,
    target: {
      ...(target.userId ? { userId: target.userId } : {}),
      ...(target.userEmail ? { userEmail: target.userEmail.slice(0, 320) } : {}),
    },
    ip: by.ip,
    outcome: { code, message },
  });
  return new UserManagementError(code, message, target);
}

function toSummary(row: Selectable<UserTable>): UserSummary {
  const role = roleSchema.safeParse(row.role);
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: role.success ? role.data : null,
    disabled: fromDbBoolean(row.banned),
    createdAt: toIso(row.createdAt),
  };
}
