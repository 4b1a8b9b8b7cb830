import "server-only";
import path from "node:path";
import { getMigrations } from "better-auth/db/migration";
import { sql, type Kysely } from "kysely";
import { parseAuthEnv, resolveAuthConfig, type AuthConfig } from "@/lib/auth/server/auth-env";
import { createAuth, type Auth } from "@/lib/auth/server/auth";
import type { SignInLimit } from "@/lib/auth/server/sign-in-limit";
import { openDatabase, type DatabaseConnection } from "@/lib/db/database";
import { parseDbEnv, resolveDatabaseTarget, type DatabaseTarget } from "@/lib/db/db-env";
import { migrateOwnTables } from "@/lib/db/migrations";
import type { Database, Dialect } from "@/lib/db/schema";
import type { FailureWatch } from "@/lib/db/store-connectivity";

// The one store of the dashboard: users, sessions, accounts (Better Auth's tables), the audit log,
// sign-in attempts and the setup token (ours), in SQLite by default or PostgreSQL, through one
// Kysely instance. Migrated before it is handed out.

export interface Store {
  db: Kysely<Database>;
  dialect: Dialect;
  auth: Auth;
  config: AuthConfig;
  /**
   * Runs `run`, telling it the first failure to reach the database during it, also one a library
   * caught and answered itself (Better Auth's handler: lib/auth/server/auth-handler.ts).
   */
  watchFailures<T>(run: (watch: FailureWatch) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface CreateStoreOptions {
  target: DatabaseTarget;
  config: AuthConfig;
  /** PostgreSQL only: work in this schema (created if missing). */
  postgresSchema?: string;
  signInLimit?: SignInLimit;
}

/** Opens the database, migrates Better Auth's tables and ours, and returns the ready store. */
export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const connection = openDatabase(options.target, { postgresSchema: options.postgresSchema });
  try {
    if (connection.dialect === "postgres" && options.postgresSchema) {
      await sql`create schema if not exists ${sql.id(options.postgresSchema)}`.execute(connection.db);
    }
    const auth = createAuth({
      db: connection.db,
      dialect: connection.dialect,
      config: options.config,
      signInLimit: options.signInLimit,
    });
    await withMigrationLock(connection, async () => {
      const { runMigrations } = await getMigrations(auth.options);
      await runMigrations();
      await migrateOwnTables(connection.db as Kysely<unknown>, connection.dialect);
    });
    return {
      db: connection.db,
      dialect: connection.dialect,
      auth,
      config: options.config,
      watchFailures: connection.watchFailures,
      close: connection.close,
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}

// Any constant: every instance of the dashboard on one PostgreSQL database takes the same lock.
const MIGRATION_LOCK_KEY = 7_306_412_019;

/** On PostgreSQL, instances starting together migrate one after the other. */
async function withMigrationLock(connection: DatabaseConnection, migrate: () => Promise<void>): Promise<void> {
  if (connection.dialect !== "postgres") return migrate();
  await connection.db.connection().execute(async (locked) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(locked);
    try {
      await migrate();
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(locked);
    }
  });
}

const memo = globalThis as typeof globalThis & { __vpsdashStore?: Promise<Store> };

/**
 * The store of this server process, from the environment (DATABASE_URL and the auth variables),
 * opened and migrated on first use and shared afterwards (also across Next.js dev reloads).
 */
export function getStore(): Promise<Store> {
  memo.__vpsdashStore ??= openStoreFromEnv().catch((error: unknown) => {
    memo.__vpsdashStore = undefined;
    throw error;
  });
  return memo.__vpsdashStore;
}

async function openStoreFromEnv(): Promise<Store> {
  const target = resolveDatabaseTarget(parseDbEnv(process.env));
  // A literal folder name: Next.js's file tracing then looks at ./data only, not the whole project.
  const config = resolveAuthConfig(parseAuthEnv(process.env), path.join(process.cwd(), "data"));
  return createStore({ target, config });
}
