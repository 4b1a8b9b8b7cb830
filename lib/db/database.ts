import "server-only";
import path from "node:path";
import SqliteDatabase from "better-sqlite3";
import { Kysely, PostgresDialect, SqliteDialect } from "kysely";
import { withStatementCache } from "@/lib/db/statement-cache";
import pg from "pg";
import type { DatabaseTarget } from "@/lib/db/db-env";
import { NulFreeTextPlugin } from "@/lib/db/nul-free-text";
import { ensurePrivateDir, ensurePrivateFile, tightenFile } from "@/lib/db/private-files";
import type { Database, Dialect } from "@/lib/db/schema";
import { guardedDialect, StoreConnectivity, type FailureWatch } from "@/lib/db/store-connectivity";

export type { Dialect } from "@/lib/db/schema";

export interface DatabaseConnection {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Runs `run`, telling it the first failure to reach the database during it (lib/db/store-connectivity.ts). */
  watchFailures<T>(run: (watch: FailureWatch) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** How long a request waits for a new PostgreSQL connection before it is answered 503 store_unavailable. */
export const POSTGRES_CONNECT_TIMEOUT_MS = 5_000;

export interface OpenDatabaseOptions {
  /** PostgreSQL only: the schema to create and work in (tests use a fresh one each). */
  postgresSchema?: string;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** PostgreSQL: how long to wait for a new connection (default POSTGRES_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number;
  /** SQLite: how long a write waits for another process's write lock (default 5000 ms; tests lower it). */
  busyTimeoutMs?: number;
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
    // for the write lock rather than fail at once (past it: SQLITE_BUSY, 503 store_unavailable).
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
    sqlite.pragma("foreign_keys = ON");
    const connectivity = new StoreConnectivity("SQLite");
    const db = new Kysely<Database>({
      dialect: guardedDialect(new SqliteDialect({ database: withStatementCache(sqlite) }), connectivity),
      plugins: [new NulFreeTextPlugin()],
    });
    return {
      db,
      dialect: "sqlite",
      watchFailures: (run) => connectivity.watchFailures(run),
      close: () => db.destroy(),
    };
  }
  const schema = options.postgresSchema;
  if (schema !== undefined && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new Error(`Invalid PostgreSQL schema name: ${schema}`);
  const pool = new pg.Pool({
    connectionString: target.connectionString,
    max: options.poolSize ?? 10,
    // Without it a request waits forever for a PostgreSQL that does not answer.
    connectionTimeoutMillis: options.connectTimeoutMs ?? POSTGRES_CONNECT_TIMEOUT_MS,
    // Every connection works in the given schema; Better Auth's migrations follow search_path.
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const connectivity = new StoreConnectivity("PostgreSQL");
  // A connection that breaks while idle in the pool (PostgreSQL stopped or restarted) is reported
  // here; without a listener it would be an uncaught exception. The pool drops it and opens a new
  // one for the next query, so the dashboard recovers by itself once PostgreSQL is back.
  pool.on("error", (error) => connectivity.failed(error));
  // The same for one lost while checked out between two queries (inside a transaction): the
  // query that follows fails and is answered 503.
  pool.on("connect", (client) => client.on("error", (error) => connectivity.failed(error)));
  const db = new Kysely<Database>({
    dialect: guardedDialect(new PostgresDialect({ pool }), connectivity),
    plugins: [new NulFreeTextPlugin()],
  });
  return {
    db,
    dialect: "postgres",
    watchFailures: (run) => connectivity.watchFailures(run),
    close: () => db.destroy(),
  };
}
