import { createRequire } from "node:module";
import SqliteDatabase from "better-sqlite3";
import { SqliteAdapter } from "kysely";
import { isSqlite } from "@/lib/db/write-transaction";
import { describe, expect, it } from "vitest";
import { openDatabase } from "@/lib/db/database";
import type { Database } from "@/lib/db/schema";
import type { CircuitBreaker, CircuitOutcome } from "@/lib/vpsorg/circuit-breaker";
import { createStoredCircuitBreaker } from "@/lib/vpsorg/stored-circuit-breaker";
import { backends, useStores } from "./helpers";

// One circuit breaker for every instance on a store: failures on any instance count together, an
// open circuit is open for all, a success anywhere closes it, half-open lets one probe through
// across all of them, and a probe whose instance died holds them back only until its claim expires.

const settings = { failureThreshold: 5, cooldownMs: 10_000, probeClaimMs: 3_000 };
const T0 = Date.parse("2026-12-03T10:00:00Z");

/** Sends one request through `breaker` that ends with `outcome`; false when the breaker refused it. */
async function send(breaker: CircuitBreaker, outcome: CircuitOutcome): Promise<boolean> {
  const decision = await breaker.acquire();
  if (decision.allowed) await breaker.settle(decision.permit, outcome);
  return decision.allowed;
}

describe.each(backends)("the stored circuit breaker on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  async function twoInstances(options: { failureThreshold?: number } = {}) {
    const clock = { time: T0 };
    const first = await newStore();
    const second = await secondInstance(first);
    const breaker = (store: typeof second) =>
      createStoredCircuitBreaker(store, { ...settings, ...options }, { now: () => clock.time });
    return { clock, a: breaker(first), b: breaker(second), db: first.db };
  }

  it("counts failures on either instance together: 3 on A and 2 on B open it for both", async () => {
    const { a, b } = await twoInstances();
    for (let i = 0; i < 3; i++) expect(await send(a, "failed")).toBe(true);
    expect(await b.status()).toEqual({ state: "closed", retryAt: null, failures: 3 });
    for (let i = 0; i < 2; i++) expect(await send(b, "failed")).toBe(true);

    const open = { state: "open", retryAt: T0 + 10_000, failures: 5 };
    expect(await a.status()).toEqual(open);
    expect(await b.status()).toEqual(open);
    expect(await a.acquire()).toEqual({ allowed: false, status: open });
    expect(await b.acquire()).toEqual({ allowed: false, status: open });
  });

  it("closes for both on a success anywhere, which also starts the count again", async () => {
    const { a, b } = await twoInstances();
    for (let i = 0; i < 4; i++) await send(a, "failed");
    await send(b, "succeeded");
    expect(await a.status()).toEqual({ state: "closed", retryAt: null, failures: 0 });
    for (let i = 0; i < 4; i++) await send(a, "failed");
    expect((await b.status())?.state).toBe("closed");
  });

  it("lets one probe through across both instances once the cool-down has passed; its success closes it for both", async () => {
    const { a, b, clock } = await twoInstances();
    for (let i = 0; i < 5; i++) await send(i % 2 ? a : b, "failed");
    clock.time += 10_000;
    expect((await a.status())?.state).toBe("half_open");

    const probe = await b.acquire();
    expect(probe).toMatchObject({ allowed: true, permit: { probe: expect.any(String) } });
    expect(await a.acquire()).toEqual({
      allowed: false,
      status: { state: "half_open", retryAt: null, failures: 5 },
    });
    expect((await b.acquire()).allowed).toBe(false);
    if (probe.allowed) await b.settle(probe.permit, "succeeded");
    expect(await a.status()).toEqual({ state: "closed", retryAt: null, failures: 0 });
    expect(await send(a, "succeeded")).toBe(true);
  });

  it("opens again for another cool-down, for both, when the probe fails", async () => {
    const { a, b, clock } = await twoInstances();
    for (let i = 0; i < 5; i++) await send(a, "failed");
    clock.time += 10_000;
    expect(await send(a, "failed")).toBe(true); // the probe
    expect(await b.status()).toEqual({ state: "open", retryAt: clock.time + 10_000, failures: 6 });
  });

  it("lets another instance probe once a probe's claim has expired (its instance died mid-request)", async () => {
    const { a, b, clock } = await twoInstances();
    for (let i = 0; i < 5; i++) await send(a, "failed");
    clock.time += 10_000;
    expect((await a.acquire()).allowed).toBe(true); // A dies with it: never settled
    clock.time += settings.probeClaimMs - 1;
    expect((await b.acquire()).allowed).toBe(false);
    clock.time += 1;
    const probe = await b.acquire();
    expect(probe.allowed).toBe(true);
    if (probe.allowed) await b.settle(probe.permit, "succeeded");
    expect((await a.status())?.state).toBe("closed");
  });

  it("reads the state once and writes nothing while closed and healthy", async () => {
    const { a, db } = await twoInstances();
    for (let i = 0; i < 3; i++) await send(a, "succeeded");
    expect(await db.selectFrom("circuit_breaker").selectAll().execute()).toEqual([
      { id: 1, failures: 0, open_until: null, probe_id: null, probe_until: null },
    ]);
  });

  // On one SQLite file, instances are processes of their own: in one test process two SQLite
  // connections cannot overlap their write transactions (one waits synchronously for the other).
  it.runIf(backend.name === "postgres")(
    "loses no failure and lets exactly one probe through when both instances ask at once",
    async () => {
      const { a, b, clock } = await twoInstances({ failureThreshold: 40 });
      const failures = await Promise.all(Array.from({ length: 40 }, (_, i) => send(i % 2 ? a : b, "failed")));
      expect(failures.every(Boolean)).toBe(true);
      expect(await a.status()).toEqual({ state: "open", retryAt: T0 + 10_000, failures: 40 });

      clock.time += 10_000;
      const decisions = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire()));
      expect(decisions.filter((decision) => decision.allowed)).toHaveLength(1);
    },
  );
});

describe("the stored circuit breaker without its store", () => {
  it("steps aside: lets every request through uncounted, never throws, and says so once in the log", async () => {
    // Nothing listens on port 9: every query fails as an unreachable PostgreSQL does.
    const unreachable = openDatabase(
      { kind: "postgres", connectionString: "postgres://nobody:secret@127.0.0.1:9/none" },
      { connectTimeoutMs: 1000 },
    );
    const lines: string[] = [];
    const breaker = createStoredCircuitBreaker(
      unreachable,
      { failureThreshold: 1, cooldownMs: 10_000, probeClaimMs: 3_000 },
      { log: (line) => lines.push(line) },
    );
    try {
      for (let i = 0; i < 3; i++) expect(await send(breaker, "failed")).toBe(true);
      expect(await breaker.status()).toBeNull();
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^the circuit breaker.*store cannot be reached.*go through unchecked/);
      expect(lines[0]).not.toContain("secret");
    } finally {
      await unreachable.close();
    }
  });

  it("steps aside on any other failure of the store too (a closed database)", async () => {
    const [backend] = backends;
    const { createIsolatedStore } = await import("@/lib/store/test-store");
    const store = await createIsolatedStore(backend!.kind);
    const lines: string[] = [];
    const breaker = createStoredCircuitBreaker(store, settings, { log: (line) => lines.push(line) });
    await store.close();
    expect(await send(breaker, "failed")).toBe(true);
    expect(await breaker.status()).toBeNull();
    expect(lines).toHaveLength(1);
  });
});

describe("the stored circuit breaker in the production build", () => {
  it("works on SQLite when the store's Kysely is another copy of the module (the build bundles it more than once)", async () => {
    const { createIsolatedStore } = await import("@/lib/store/test-store");
    const store = await createIsolatedStore({ kind: "sqlite" });
    // Kysely's CommonJS build: the same classes, other identities, as in two chunks of the build.
    const other = createRequire(import.meta.url)("kysely") as typeof import("kysely");
    const db = new other.Kysely<Database>({
      dialect: new other.SqliteDialect({ database: new SqliteDatabase(store.location) }),
    });
    try {
      expect(db.getExecutor().adapter instanceof SqliteAdapter).toBe(false);
      const lines: string[] = [];
      const breaker = createStoredCircuitBreaker({ db, dialect: "sqlite" }, settings, {
        now: () => T0,
        log: (line) => lines.push(line),
      });
      for (let i = 0; i < 5; i++) await send(breaker, "failed");
      expect(await breaker.status()).toEqual({ state: "open", retryAt: T0 + 10_000, failures: 5 });
      expect(lines).toEqual([]);
      // Write transactions tell SQLite the same way (BEGIN IMMEDIATE; lib/db/write-transaction.ts).
      expect(isSqlite(db)).toBe(true);
      expect(isSqlite(store.db)).toBe(true);
    } finally {
      await db.destroy();
      await store.close();
    }
  });
});
