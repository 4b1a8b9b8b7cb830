import "server-only";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import pg from "pg";
import type { DatabaseTarget } from "@/lib/db/db-env";
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from "@/lib/db/private-files";
import type { Database, Dialect } from "@/lib/db/schema";

export type { Dialect } from "@/lib/db/schema";

export interface DatabaseConnection {
  db: Kysely<Database>;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema to create and work in (tests use a fresh one each). */
  postgresSchema?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
}

/** Opens (and for SQLite, creates) the database. One Kysely instance serves our tables and Better Auth's. */
export function openDatabase(target: DatabaseTarget, options: OpenDatabaseOptions = {}): DatabaseConnection {
  if (target.kind === "sqlite") {
    // Password hashes and sessions: the folder 0700, the file 0600 before SQLite first opens it (its
    // WAL and shared-memory files take the database file's mode), and leftovers of a looser past tightened.
    ensurePrivateDir(path.dirname(target.file), { tightenExisting: target.ownFolder === true });
    ensurePrivateFile(target.file);
    for (const suffix of ["-wal", "-shm", "-journal"]) tightenFile(`${target.file}${suffix}`);
    const sqlite = new SqliteDatabase(target.file);
    // WAL lets readers run beside the single writer; busy_timeout makes a second process wait
    // for the write lock rather than fail at once.
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("busy_timeout = 5000");
    sqlite.pragma("foreign_keys = ON");
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: "sqlite", close: () => db.destroy() };
  }
  const schema = options.postgresSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    // Every connection works in the given schema; Better Auth's migrations follow search_path.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: "postgres", close: () => db.destroy() };
}
