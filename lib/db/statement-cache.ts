import type BetterSqlite3 from "better-sqlite3";
import type { SqliteDatabase, SqliteStatement } from "kysely";

/** Prepared statements kept per database; the least recently used go first. */
export const MAX_CACHED_STATEMENTS = 500;

/**
 * better-sqlite3 for Kysely with its prepared statements kept: Kysely prepares every query it runs,
 * which parses and plans the SQL each time (a good share of a warm list request's time); the same
 * SQL text reuses its statement. A statement still busy (an open iteration) is not reused.
 */
export function withStatementCache(database: BetterSqlite3.Database, max = MAX_CACHED_STATEMENTS): SqliteDatabase {
  const statements = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      statements.clear();
      database.close();
    },
    prepare(sql: string): SqliteStatement {
      const kept = statements.get(sql);
      if (kept && !kept.busy) {
        // Most recently used last.
        statements.delete(sql);
        statements.set(sql, kept);
        return kept;
      }
      const statement = database.prepare(sql);
      if (!kept) {
        if (statements.size >= max) statements.delete(statements.keys().next().value!);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}
