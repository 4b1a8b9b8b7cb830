import type { Dialect } from "@/lib/db/schema";

/** A time read from the store (a Date on PostgreSQL, ISO text or epoch ms on SQLite) as ISO 8601 UTC. */
export function toIso(value: Date | string | number): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** better-sqlite3 cannot bind booleans: SQLite keeps them as 0/1. */
export function dbBoolean(dialect: Dialect, value: boolean): boolean | number {
  return dialect === "sqlite" ? (value ? 1 : 0) : value;
}

/** Reads a boolean column written by either dialect (null counts as false). */
export function fromDbBoolean(value: boolean | number | null | undefined): boolean {
  return value === true || value === 1;
}
