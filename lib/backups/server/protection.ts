import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";

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
