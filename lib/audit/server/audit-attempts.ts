import "server-only";
import type { Kysely } from "kysely";
import { toAuditEntry } from "@/lib/audit/server/audit-log";
import type { AuditedActionSpec } from "@/lib/audit/server/audited";
import type { AuditEntry } from "@/lib/audit/schemas";
import type { Database } from "@/lib/db/schema";

// The `attempt` entries of creates, deletes and restores and the outcomes that settle them (each
// outcome names its attempt: `attempt_id`), read to find the attempts whose instance stopped before
// VPS.org answered. Writing stays in lib/audit/server/audit-log.ts.

export type AttemptedAction = AuditedActionSpec<unknown>["action"];
export const attemptedActions: readonly AttemptedAction[] = ["backup.create", "backup.delete", "server.restore"];

/** The attempts with an id above `afterId` that have no outcome yet, oldest first, at most `limit`. */
export async function openAttempts(
  db: Kysely<Database>,
  { afterId, limit }: { afterId: number; limit: number },
): Promise<AuditEntry[]> {
  const rows = await db
    .selectFrom("audit_log as attempt")
    .selectAll("attempt")
    .where("attempt.id", ">", afterId)
    .where("attempt.outcome", "=", "attempt")
    .where("attempt.action", "in", attemptedActions)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom("audit_log as outcome").select("outcome.id").whereRef("outcome.attempt_id", "=", "attempt.id"),
        ),
      ),
    )
    .orderBy("attempt.id", "asc")
    .limit(limit)
    .execute();
  return rows.map(toAuditEntry);
}

/**
 * The attempt a person's create began at `since` or just after (the Idempotency-Key's claim comes first),
 * with the outcome that settles it, if any. Null when there is none: VPS.org was never asked.
 */
export async function createAttemptSince(
  db: Kysely<Database>,
  { actorId, serverId, description, since }: { actorId: string; serverId: number; description?: string; since: Date },
): Promise<{ attempt: AuditEntry; outcome: AuditEntry | null } | null> {
  const attempt = await db
    .selectFrom("audit_log")
    .selectAll()
    .where("action", "=", "backup.create")
    .where("outcome", "=", "attempt")
    .where("actor_id", "=", actorId)
    .where("server_id", "=", String(serverId))
    .where("description", description === undefined ? "is" : "=", description ?? null)
    .where("created_at", ">=", since.toISOString())
    .orderBy("id", "asc")
    .limit(1)
    .executeTakeFirst();
  if (!attempt) return null;
  const outcome = await db.selectFrom("audit_log").selectAll().where("attempt_id", "=", attempt.id).executeTakeFirst();
  return { attempt: toAuditEntry(attempt), outcome: outcome ? toAuditEntry(outcome) : null };
}

/**
 * Of `backupIds`, those a create through the dashboard is on record as having made (a success, or a
 * reconciled outcome), each with the attempt whose outcome names it (null for entries of earlier
 * releases, which named none).
 */
export async function createdBackupClaims(
  db: Kysely<Database>,
  backupIds: readonly number[],
): Promise<Map<number, number | null>> {
  const claims = new Map<number, number | null>();
  if (backupIds.length === 0) return claims;
  const rows = await db
    .selectFrom("audit_log")
    .select(["backup_id", "attempt_id"])
    .where("action", "=", "backup.create")
    .where("outcome", "in", ["success", "reconciled"])
    .where("backup_id", "in", backupIds.map(String))
    .execute();
  for (const row of rows) if (row.backup_id !== null) claims.set(Number(row.backup_id), row.attempt_id);
  return claims;
}

/** Every attempt with an id up to this has its outcome, or predates outcomes that name their attempt. */
export async function settledThrough(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom("audit_reconciliation")
    .select("settled_through")
    .where("id", "=", 1)
    .executeTakeFirst();
  return row?.settled_through ?? 0;
}

/** Moves `settledThrough` on to `id` (never back). */
export async function advanceSettledThrough(db: Kysely<Database>, id: number): Promise<void> {
  await db
    .updateTable("audit_reconciliation")
    .set({ settled_through: id })
    .where("id", "=", 1)
    .where("settled_through", "<", id)
    .execute();
}

/**
 * The id of the latest entry written before `before` (null: none): entries with lower ids were inserted
 * earlier, so they are all committed by now when `before` is a while ago.
 */
export async function lastEntryBefore(db: Kysely<Database>, before: Date): Promise<number | null> {
  const row = await db
    .selectFrom("audit_log")
    .select("id")
    .where("created_at", "<", before.toISOString())
    .orderBy("created_at", "desc")
    .limit(1)
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}
