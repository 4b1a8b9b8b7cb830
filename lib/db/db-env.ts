import path from "node:path";
import * as z from "zod";
import { ConfigError } from "@/lib/config/env-schema";

// Where the dashboard keeps its users, sessions and audit log. Parsed like the main configuration:
// a bad value stops start-up with the variable's name. The URL itself is never put in a message
// (it may hold a password).

export const DEFAULT_DATA_DIR = "data";
export const DEFAULT_SQLITE_FILE = "dashboard.sqlite";

const databaseUrl = z
  .string()
  .trim()
  .transform((value) => (value === "" ? undefined : value))
  .optional()
  .refine((value) => value === undefined || /^(postgres|postgresql|file):/i.test(value), {
    error:
      "must be postgres://user:password@host:5432/database (PostgreSQL) or file:path/to/db.sqlite (SQLite), or be left unset",
  });

export const dbEnvSchema = z.object({ DATABASE_URL: databaseUrl });

export type DbEnv = z.infer<typeof dbEnvSchema>;

export type DatabaseTarget =
  /** `ownFolder`: the file is in the dashboard's own ./data, which is made private even if it already exists. */
  { kind: "sqlite"; file: string; ownFolder?: boolean } | { kind: "postgres"; connectionString: string };

/** Parses DATABASE_URL; throws a ConfigError naming it (never echoing it). */
export function parseDbEnv(source: Record<string, string | undefined>): DbEnv {
  const result = dbEnvSchema.safeParse(source);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join(".") || "environment"} ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

/** SQLite under ./data/ by default; PostgreSQL for a postgres:// URL. */
export function resolveDatabaseTarget(env: DbEnv, cwd: string = process.cwd()): DatabaseTarget {
  const url = env.DATABASE_URL;
  if (url === undefined)
    return { kind: "sqlite", file: path.resolve(cwd, DEFAULT_DATA_DIR, DEFAULT_SQLITE_FILE), ownFolder: true };
  if (/^file:/i.test(url)) return { kind: "sqlite", file: path.resolve(cwd, url.replace(/^file:(\/\/)?/i, "")) };
  return { kind: "postgres", connectionString: url };
}
