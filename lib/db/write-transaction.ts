import "server-only";
import { sql, type Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";

/**
 * Runs `work` in a transaction that may write, on either database. On PostgreSQL that is an ordinary
 * transaction. On SQLite it begins IMMEDIATE, taking the write lock first (waiting for it under
 * busy_timeout): a deferred transaction that reads and then writes fails at once with "database is
 * locked" when another process wrote in between, which is what several instances on one file do.
 */
export async function writeTransaction<T>(
  db: Kysely<Database>,
  work: (trx: Kysely<Database>) => Promise<T>,
): Promise<T> {
  if (!isSqlite(db)) return db.transaction().execute(work);
  return db.connection().execute(async (connection) => {
    await sql`begin immediate`.execute(connection);
    try {
      const result = await work(connection);
      await sql`commit`.execute(connection);
      return result;
    } catch (error) {
      await sql`rollback`.execute(connection).catch(() => undefined);
      throw error;
    }
  });
}

/**
 * Whether `db` is SQLite, told by what its adapter says rather than by `instanceof SqliteAdapter`:
 * the production build bundles Kysely more than once, so that test is false on SQLite in route code.
 * Of the two stores, only PostgreSQL's adapter supports transactional DDL in Kysely's terms.
 */
export function isSqlite(db: Kysely<Database>): boolean {
  return !db.getExecutor().adapter.supportsTransactionalDdl;
}
