import "server-only";
import type { Kysely } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { Backup } from "@/lib/backups/schemas";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { ApiError } from "@/lib/http/server/api-error";
import type { AuditActor } from "@/lib/audit/server/audit-entry";

// Protected backups: the dashboard refuses to delete them (a person, a bulk action, a schedule's
// retention) until someone unprotects them. VPS.org's own API does not know of it.

export interface Protection {
  backupId: number;
  email: string;
  /** ISO 8601 UTC. */
  at: string;
}

/** The protections of these backups, by backup id. */
export async function protectionsOf(
  db: Kysely<Database>,
  backupIds: ReadonlyArray<number>,
): Promise<Map<number, Protection>> {
  const result = new Map<number, Protection>();
  const ids = [...new Set(backupIds)];
  // SQLite caps the number of bound parameters of one statement.
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom("backup_protection")
      .select(["backup_id", "protected_by_email", "protected_at"])
      .where("backup_id", "in", ids.slice(start, start + 500))
      .execute();
    for (const row of rows)
      result.set(Number(row.backup_id), {
        backupId: Number(row.backup_id),
        email: row.protected_by_email,
        at: toIso(row.protected_at),
      });
  }
  return result;
}

/** What a PUT /api/backups/{id}/protection answers: the backup's protection after it. */
export interface ProtectionState {
  backup_id: number;
  protected: boolean;
  protected_by: { email: string; at: string } | null;
}

/**
 * Protects or unprotects `backup` as `by`, audited in the same transaction (`backup.protect`,
 * `backup.unprotect`). Asking for the state it is already in changes nothing and writes no entry:
 * the first protector and time stand.
 */
export async function setProtection(
  db: Kysely<Database>,
  by: { actor: AuditActor | null; ip: string | null },
  backup: Pick<Backup, "id" | "server" | "description">,
  wanted: boolean,
  now: Date = new Date(),
): Promise<{ state: ProtectionState; changed: boolean }> {
  if (!by.actor) throw new Error("a backup is protected by a signed-in person");
  const actor = by.actor;
  return writeTransaction(db, async (trx) => {
    const current = (await protectionsOf(trx, [backup.id])).get(backup.id) ?? null;
    const stateOf = (protection: { email: string; at: string } | null): ProtectionState => ({
      backup_id: backup.id,
      protected: protection !== null,
      protected_by: protection && { email: protection.email, at: protection.at },
    });
    if ((current !== null) === wanted) return { state: stateOf(current), changed: false };
    if (wanted) {
      await trx
        .insertInto("backup_protection")
        .values({
          backup_id: backup.id,
          server_id: backup.server.id,
          protected_by_id: actor.id,
          protected_by_email: actor.email.toLowerCase(),
          protected_at: now.toISOString(),
        })
        .execute();
    } else {
      await trx.deleteFrom("backup_protection").where("backup_id", "=", backup.id).execute();
    }
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: wanted ? "backup.protect" : "backup.unprotect",
        target: {
          backupId: backup.id,
          serverId: backup.server.id,
          serverName: backup.server.name,
          description: backup.description || undefined,
        },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
    return {
      state: stateOf(wanted ? { email: actor.email.toLowerCase(), at: now.toISOString() } : null),
      changed: true,
    };
  });
}

/** The refusal to delete a protected backup: a 409 that says why and what to do. */
export function protectedRefusal(protection: Protection): ApiError {
  return new ApiError(
    "backup_protected",
    `Backup ${protection.backupId} is protected (by ${protection.email} since ${protection.at}): ` +
      "unprotect it in the dashboard before deleting it.",
  );
}

/** Throws the 409 refusal when `backupId` is protected. */
export async function assertNotProtected(db: Kysely<Database>, backupId: number): Promise<void> {
  const protection = (await protectionsOf(db, [backupId])).get(backupId);
  if (protection) throw protectedRefusal(protection);
}
