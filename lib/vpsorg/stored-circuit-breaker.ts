import "server-only";
import { randomUUID } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database, Dialect } from "@/lib/db/schema";
import { describeStoreFailure, StoreUnavailableError } from "@/lib/db/store-unavailable";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import {
  acquireStep,
  CLOSED_CIRCUIT,
  circuitStatus,
  sameRecord,
  settleStep,
  type CircuitBreaker,
  type CircuitDecision,
  type CircuitRecord,
  type CircuitSettings,
} from "@/lib/vpsorg/circuit-breaker";
import { componentLogger } from "@/lib/log/logger";

// The one circuit breaker of every instance on a store: its record is the one row of
// `circuit_breaker`, so failures on any instance count together, an open circuit is open for all, a
// success anywhere closes it, and half-open lets one probe through across all of them. A consultation
// is one read of the row; only a change (a failure, a probe's claim, closing after failures) re-reads
// it locked in a write transaction, applies the same rule (circuit-breaker.ts) and writes it.
//
// When the store cannot be read or written, the breaker steps aside rather than fail the request or
// count the store's trouble against VPS.org: the request goes through as if the circuit were closed,
// and the outcome is not counted. It says so in the log, at most once a minute.

/** How often a breaker that keeps stepping aside says so in the log. */
const LOG_EVERY_MS = 60_000;

export interface StoredCircuitBreakerOptions {
  now?: () => number;
  log?: (line: string) => void;
}

export function createStoredCircuitBreaker(
  // The dialect as the store knows it: the production build bundles Kysely more than once, so an
  // `instanceof SqliteAdapter` test of the adapter can be false on SQLite.
  store: { db: Kysely<Database>; dialect: Dialect },
  settings: CircuitSettings,
  options: StoredCircuitBreakerOptions = {},
): CircuitBreaker {
  const { db } = store;
  const now = options.now ?? Date.now;
  const log = options.log ?? ((line: string) => componentLogger("circuit").error(line));
  // SQLite's write transaction takes the whole database's write lock first (writeTransaction): no row lock.
  const lockRow = store.dialect === "postgres";
  let loggedAt: number | null = null;

  async function read(executor: Kysely<Database>, locked: boolean): Promise<CircuitRecord> {
    const row = await executor
      .selectFrom("circuit_breaker")
      .select(["failures", "open_until", "probe_id", "probe_until"])
      .where("id", "=", 1)
      .$if(locked && lockRow, (query) => query.forUpdate())
      .executeTakeFirst();
    if (!row) return CLOSED_CIRCUIT;
    return {
      failures: row.failures,
      openUntil: row.open_until === null ? null : Date.parse(toIso(row.open_until)),
      probe:
        row.probe_id === null || row.probe_until === null
          ? null
          : { id: row.probe_id, until: Date.parse(toIso(row.probe_until)) },
    };
  }

  async function write(trx: Kysely<Database>, record: CircuitRecord): Promise<void> {
    const values = {
      failures: record.failures,
      open_until: record.openUntil === null ? null : new Date(record.openUntil).toISOString(),
      probe_id: record.probe?.id ?? null,
      probe_until: record.probe ? new Date(record.probe.until).toISOString() : null,
    };
    await trx
      .insertInto("circuit_breaker")
      .values({ id: 1, ...values })
      .onConflict((conflict) => conflict.column("id").doUpdateSet(values))
      .execute();
  }

  /** Applies `step` to the stored record: a read when it changes nothing, else one locked read-and-write. */
  async function apply<T>(step: (record: CircuitRecord, at: number) => { record: CircuitRecord; result: T }) {
    const current = await read(db, false);
    const unlocked = step(current, now());
    if (sameRecord(unlocked.record, current)) return unlocked.result;
    return writeTransaction(db, async (trx) => {
      const locked = await read(trx, true);
      const next = step(locked, now());
      if (!sameRecord(next.record, locked)) await write(trx, next.record);
      return next.result;
    });
  }

  /** Runs `work` against the store; if the store fails, says so (at most once a minute) and answers `fallback`. */
  async function orStepAside<T>(work: () => Promise<T>, fallback: T): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const at = Date.now();
      if (loggedAt === null || at - loggedAt >= LOG_EVERY_MS) {
        loggedAt = at;
        const why =
          error instanceof StoreUnavailableError ? "the store cannot be reached" : describeStoreFailure(error);
        log(
          `the circuit breaker's state in the store could not be read or written (${why}): requests to VPS.org go through unchecked and uncounted meanwhile`,
        );
      }
      return fallback;
    }
  }

  return {
    acquire() {
      const probeId = `${process.pid}-${randomUUID()}`;
      const closed: CircuitDecision = { allowed: true, permit: { probe: null } };
      return orStepAside(
        () =>
          apply((record, at) => {
            const { record: next, decision } = acquireStep(record, at, settings, probeId);
            return { record: next, result: decision };
          }),
        closed,
      );
    },

    settle(permit, outcome) {
      return orStepAside(
        () => apply((record, at) => ({ record: settleStep(record, permit, outcome, at, settings), result: undefined })),
        undefined,
      );
    },

    status() {
      return orStepAside(async () => circuitStatus(await read(db, false), now()), null);
    },
  };
}
