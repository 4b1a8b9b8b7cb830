import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
  type Generated,
} from "kysely";
import { describe, expect, it } from "vitest";
import { NulFreeTextPlugin } from "@/lib/db/nul-free-text";

// U+0000 never reaches a statement: PostgreSQL refuses text with it (the store tests write it for
// real, on both stores: tests/store/audit.test.ts, tests/store/snapshot.test.ts).

interface Tables {
  note: { id: Generated<number>; body: string; count: number; seen: boolean | null };
}

const db = new Kysely<Tables>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
  plugins: [new NulFreeTextPlugin()],
});

describe("the store's values without NUL", () => {
  it("writes U+FFFD for each U+0000 in inserted and updated values, filters and raw parameters", () => {
    const insert = db
      .insertInto("note")
      .values([
        { body: "a\u0000b\u0000", count: 1, seen: null },
        { body: "plain", count: 2, seen: true },
      ])
      .compile();
    expect(insert.parameters).toEqual(["a\uFFFDb\uFFFD", 1, null, "plain", 2, true]);

    const update = db.updateTable("note").set({ body: "\u0000" }).where("body", "in", ["x\u0000", "y"]).compile();
    expect(update.parameters).toEqual(["\uFFFD", "x\uFFFD", "y"]);

    const raw = sql`select ${"nul\u0000"} as value`.compile(db);
    expect(raw.parameters).toEqual(["nul\uFFFD"]);
  });

  it("leaves every other value as it is", () => {
    const query = db.selectFrom("note").selectAll().where("body", "=", "é ☃ \uFFFD").where("count", ">", 3).compile();
    expect(query.parameters).toEqual(["é ☃ \uFFFD", 3]);
  });
});
