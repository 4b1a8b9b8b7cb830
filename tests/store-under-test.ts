import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import pg from "pg";

// The store the integration and e2e suites run the dashboard on: TEST_STORE=sqlite (the default) or
// TEST_STORE=postgres. Each dashboard a suite starts gets a fresh database of that kind: a SQLite file
// in a new temporary folder, or a PostgreSQL database with a random name created on DATABASE_URL_TEST's
// server (its role needs CREATEDB, as .ci/run's has), dropped again when the dashboard has stopped.

export type StoreKind = "sqlite" | "postgres";

const DEFAULT_PG_URL = "postgres://dashboard_test:dashboard_test@127.0.0.1:5432/dashboard_test";

/** TEST_STORE, checked: a typo must not quietly run the default variant. */
export function storeUnderTest(env: Record<string, string | undefined> = process.env): StoreKind {
  const value = env.TEST_STORE?.trim() || "sqlite";
  if (value === "sqlite" || value === "postgres") return value;
  throw new Error(`TEST_STORE must be sqlite or postgres (or unset, for sqlite), not ${JSON.stringify(value)}`);
}

/** DATABASE_URL_TEST (the server fresh PostgreSQL databases are made on); never "skip" here. */
export function postgresTestUrl(): string {
  const url = process.env.DATABASE_URL_TEST?.trim() || DEFAULT_PG_URL;
  if (url === "skip") throw new Error("TEST_STORE=postgres needs PostgreSQL: DATABASE_URL_TEST=skip leaves none");
  return url;
}

export interface FreshDatabase {
  kind: StoreKind;
  /** The dashboard's DATABASE_URL for it. */
  url: string;
  /** Removes it (the file's folder, or the database with any connection still open). */
  drop(): Promise<void>;
}

/** A new, empty database of this kind; `label` goes into its name (letters, digits and _). */
export async function createFreshDatabase(kind: StoreKind, label: string): Promise<FreshDatabase> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), `vpsdash-${label}-`));
    return {
      kind,
      url: `file:${path.join(dir, "dashboard.sqlite")}`,
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = postgresTestUrl();
  const name = `dashboard_${label}_${randomBytes(5).toString("hex")}`;
  await onServer(server, async (client) => void (await client.query(`create database "${name}"`)));
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    kind,
    url: url.href,
    drop: () =>
      onServer(server, async (client) => void (await client.query(`drop database if exists "${name}" with (force)`))),
  };
}

async function onServer<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `No PostgreSQL at ${url.replace(/\/\/[^@]*@/, "//…@")} for a fresh database: start one (see .ci/run) and set DATABASE_URL_TEST`,
      { cause: error },
    );
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface StoreClient {
  kind: StoreKind;
  /**
   * One statement, with `?` for each value (turned into $1, $2… on PostgreSQL); its rows, or none.
   * Quote mixed-case names ("expiresAt"): PostgreSQL folds the others to lower case.
   */
  query<T>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** Opens a dashboard's store beside it, by its DATABASE_URL, for tests that read or age what it holds. */
export async function openStore(databaseUrl: string): Promise<StoreClient> {
  if (/^file:/i.test(databaseUrl)) {
    const db = new Database(databaseUrl.replace(/^file:(\/\/)?/i, ""), { fileMustExist: true });
    return {
      kind: "sqlite",
      query: async <T>(text: string, values: unknown[] = []) => {
        const statement = db.prepare(text);
        if (statement.reader) return statement.all(...values) as T[];
        statement.run(...values);
        return [];
      },
      close: async () => void db.close(),
    };
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  return {
    kind: "postgres",
    query: async <T>(text: string, values: unknown[] = []) => {
      let n = 0;
      const numbered = text.replace(/\?/g, () => `$${++n}`);
      return (await client.query(numbered, values)).rows as T[];
    },
    close: () => client.end(),
  };
}

/** Opens the store, runs `work` on it, closes it. */
export async function withStore<T>(databaseUrl: string, work: (store: StoreClient) => Promise<T>): Promise<T> {
  const store = await openStore(databaseUrl);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/**
 * True under TEST_STORE=postgres, saying so, for a test file whose dashboards run on a store of their
 * own whatever TEST_STORE says (`store` tells which): it would run exactly as in the sqlite variant,
 * which runs it.
 */
export function runsInSqliteVariantOnly(file: string, store: string): boolean {
  if (storeUnderTest() !== "postgres") return false;
  console.warn(
    `${file} is skipped under TEST_STORE=postgres: its dashboards run on ${store} whatever TEST_STORE says, and the sqlite variant runs it.`,
  );
  return true;
}
