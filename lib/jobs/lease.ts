import "server-only";
import { randomUUID } from "node:crypto";
import { sql, type Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";

// A lease in the store: at most one holder per name across every instance of the dashboard, the way
// graphile-worker and pg-boss hold theirs — a row, taken or renewed by one conditional upsert, that
// simply expires when its holder stops renewing it (a crash, a kill, a lost network). Works the same
// on SQLite (one instance, or several processes on one file) and PostgreSQL (several instances).

export interface Lease {
  name: string;
  holder: string;
  expiresAt: string;
}

/** An id for this process's claims: the host's pid and a random part, so a restart is a new holder. */
export function newHolderId(): string {
  return `${process.pid}-${randomUUID()}`;
}

/**
 * Takes the lease `name` for `holder` for `ttlMs` if it is free, expired or already this holder's
 * (then it is renewed). Returns the lease when `holder` has it, null when someone else does.
 */
export async function acquireLease(
  db: Kysely<Database>,
  name: string,
  holder: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<Lease | null> {
  const nowIso = now.toISOString();
  const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
  const row = await db
    .insertInto("job_lease")
    .values({ name, holder, acquired_at: nowIso, renewed_at: nowIso, expires_at: expiresAt })
    .onConflict((conflict) =>
      conflict
        .column("name")
        .doUpdateSet({
          holder,
          // A renewal keeps when it was first taken; a takeover starts afresh.
          acquired_at: sql`case when job_lease.holder = ${holder} then job_lease.acquired_at else ${nowIso} end`,
          renewed_at: nowIso,
          expires_at: expiresAt,
        })
        .where((eb) => eb.or([eb("job_lease.holder", "=", holder), eb("job_lease.expires_at", "<=", nowIso)])),
    )
    .returning(["holder", "expires_at"])
    .executeTakeFirst();
  if (!row || row.holder !== holder) return null;
  return { name, holder, expiresAt: toIso(row.expires_at) };
}

/** Gives the lease up at once (a clean stop), so another instance need not wait for it to expire. */
export async function releaseLease(db: Kysely<Database>, name: string, holder: string): Promise<void> {
  await db.deleteFrom("job_lease").where("name", "=", name).where("holder", "=", holder).execute();
}

/** Who holds `name` now (null when nobody, or the lease has expired). */
export async function currentLease(db: Kysely<Database>, name: string, now: Date = new Date()): Promise<Lease | null> {
  const row = await db
    .selectFrom("job_lease")
    .select(["holder", "expires_at"])
    .where("name", "=", name)
    .where("expires_at", ">", now.toISOString())
    .executeTakeFirst();
  return row ? { name, holder: row.holder, expiresAt: toIso(row.expires_at) } : null;
}
