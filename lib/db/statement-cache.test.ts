import SqliteDatabase from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { withStatementCache } from "@/lib/db/statement-cache";

describe("withStatementCache", () => {
  const open = () => {
    const database = new SqliteDatabase(":memory:");
    database.exec("create table t (n integer)");
    database.exec("insert into t values (1), (2), (3)");
    return database;
  };

  it("reuses the statement of the same SQL, and answers as a fresh one would", () => {
    const database = open();
    const cached = withStatementCache(database);
    const first = cached.prepare("select n from t where n > ?");
    const second = cached.prepare("select n from t where n > ?");
    expect(second).toBe(first);
    expect(second.all([1])).toEqual([{ n: 2 }, { n: 3 }]);
    expect(cached.prepare("select n from t where n < ?")).not.toBe(first);
    cached.close();
    expect(database.open).toBe(false);
  });

  it("does not hand out a statement that is still iterating", () => {
    const cached = withStatementCache(open());
    const iterating = cached.prepare("select n from t");
    const rows = iterating.iterate([]);
    rows.next();
    const meanwhile = cached.prepare("select n from t");
    expect(meanwhile).not.toBe(iterating);
    expect(meanwhile.all([])).toHaveLength(3);
    rows.return?.();
    expect(cached.prepare("select n from t")).toBe(iterating);
  });

  it("keeps at most `max` statements, dropping the least recently used", () => {
    const cached = withStatementCache(open(), 2);
    const a = cached.prepare("select 1");
    const b = cached.prepare("select 2");
    expect(cached.prepare("select 1")).toBe(a); // a is now the most recent
    cached.prepare("select 3"); // drops b
    expect(cached.prepare("select 1")).toBe(a);
    expect(cached.prepare("select 2")).not.toBe(b);
  });
});
