import "server-only";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { componentLogger } from "@/lib/log/logger";

// Where `Idempotency-Key` records live: the `idempotency_key` table of the store, shared by every
// instance of the dashboard on one database (and by the one instance on SQLite, across restarts).
//
// A key is claimed by one insert (the primary key is route + user + key), so of two instances racing
// one key exactly one runs the request. Its row is `pending` before VPS.org is called, and while the
// request runs its instance renews the row's lease; a duplicate waits (polling the row) and replays
// the settled answer. A pending row whose lease ran out belongs to an instance that died mid-request:
// VPS.org may or may not have acted, so the request is never run again; the claimant is told it was
// interrupted and looks for what the attempt did instead (lib/api/idempotency.ts, `recover`).

/** A response as it can be stored and sent again. */
export interface StoredResponse {
  status: number;
  headers: Record<string, string>;
  /** The body text; "" for none. */
  body: string;
}

export interface IdempotencyRequest {
  /** The route and the user ("POST /api/backups by <user id>"): one user's keys are not another's. */
  scope: string;
  key: string;
  /** A hash of the request's content. */
  fingerprint: string;
}

export type IdempotencyClaim =
  /** The key is now this request's: run it, then settle the claim (always, whatever happened). */
  | { kind: "claimed"; settle(response: StoredResponse, remember: boolean): Promise<void> }
  /** The same request under this key already has an answer (it may have been awaited): send it again. */
  | { kind: "replay"; response: StoredResponse }
  /** The key was used for a request with other content. */
  | { kind: "mismatch" }
  /** The request holding the key is still running after the longest wait: ask again later. */
  | { kind: "in_use"; retryAfterSeconds: number }
  /**
   * The attempt under this key was interrupted (its instance died while it ran): VPS.org may have
   * acted, so it must not be sent again. This caller now holds the key to look for what the attempt
   * did at VPS.org after `startedAt`, and resolves the claim with the answer found (remembered as the
   * key's answer) or null (unknown: the key stays pending, and the next retry looks again).
   */
  | { kind: "interrupted"; startedAt: Date; resolve(found: StoredResponse | null): Promise<void> };

export interface IdempotencyStore {
  /**
   * Claims the key of `request`. When a request with the same key and content is running (on any
   * instance), waits for it and answers its response (remembered or not), so racing duplicates act
   * once. A settled claim that is not remembered frees the key.
   */
  claim(request: IdempotencyRequest): Promise<IdempotencyClaim>;
}

export interface DbIdempotencyStoreOptions {
  /** How long a remembered answer is replayed; the IETF draft suggests 24 h. */
  ttlMs?: number;
  /** A running request's lease: past it without renewal, its instance is taken for dead. */
  leaseMs?: number;
  /** How often a running request renews its lease. */
  heartbeatMs?: number;
  /** How long a duplicate waits for the running request before it is told to retry later. */
  waitTimeoutMs?: number;
  /** The duplicate's first pause between two looks at the row (it grows to 500 ms). */
  pollMs?: number;
  now?: () => number;
}

export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** Ten seconds without a renewal (three are missed) mark a dead instance; a slow live one costs only a lookup. */
export const IDEMPOTENCY_LEASE_MS = 10_000;
/** Longer than one VPS.org call may take with its default timeout (VPSORG_TIMEOUT_MS, 10 s) and a lease. */
export const IDEMPOTENCY_WAIT_MS = 30_000;
/** A failure is kept this long only for the duplicates that waited on it; the key itself is free at once. */
const FAILURE_KEPT_MS = 60_000;
const MAX_POLL_MS = 500;
/** Expired rows are removed by the next claim after this much time, on each instance. */
const SWEEP_EVERY_MS = 60_000;

type Row = Awaited<ReturnType<DbIdempotencyStore["read"]>>;

export class DbIdempotencyStore implements IdempotencyStore {
  private readonly ttlMs: number;
  private readonly leaseMs: number;
  private readonly heartbeatMs: number;
  private readonly waitTimeoutMs: number;
  private readonly pollMs: number;
  private readonly now: () => number;
  private nextSweep = 0;

  constructor(
    private readonly db: Kysely<Database>,
    options: DbIdempotencyStoreOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.leaseMs = options.leaseMs ?? IDEMPOTENCY_LEASE_MS;
    this.heartbeatMs = options.heartbeatMs ?? Math.max(10, Math.floor(this.leaseMs / 4));
    this.waitTimeoutMs = options.waitTimeoutMs ?? IDEMPOTENCY_WAIT_MS;
    this.pollMs = options.pollMs ?? 50;
    this.now = options.now ?? Date.now;
  }

  async claim({ scope, key, fingerprint }: IdempotencyRequest): Promise<IdempotencyClaim> {
    await this.sweep();
    const deadline = this.now() + this.waitTimeoutMs;
    /** The attempt this request waited on: its failure is this request's answer too. */
    let awaited: string | null = null;
    let pause = this.pollMs;
    for (;;) {
      const now = this.now();
      const attempt = randomUUID();
      const fresh = {
        fingerprint,
        state: "pending" as const,
        attempt,
        holder: attempt,
        lease_until: iso(now + this.leaseMs),
        status: null,
        headers: null,
        body: null,
        created_at: iso(now),
        expires_at: iso(now + this.ttlMs),
      };
      // One statement: of two instances inserting the same key, exactly one gets the row.
      const inserted = await this.db
        .insertInto("idempotency_key")
        .values({ scope, key, ...fresh })
        .onConflict((conflict) => conflict.columns(["scope", "key"]).doNothing())
        .returning("attempt")
        .executeTakeFirst();
      if (inserted) return this.claimed(scope, key, attempt);

      const row = await this.read(scope, key);
      if (!row) continue; // removed between the two statements: insert again
      if (Date.parse(toIso(row.expires_at)) <= now) {
        await this.db
          .deleteFrom("idempotency_key")
          .where("scope", "=", scope)
          .where("key", "=", key)
          .where("attempt", "=", row.attempt)
          .execute();
        continue;
      }
      if (row.state === "failed") {
        if (row.attempt === awaited) return { kind: "replay", response: storedResponse(row) };
        // A failure frees the key: a new attempt takes the row, whatever its content.
        const taken = await this.db
          .updateTable("idempotency_key")
          .set(fresh)
          .where("scope", "=", scope)
          .where("key", "=", key)
          .where("state", "=", "failed")
          .where("attempt", "=", row.attempt)
          .executeTakeFirst();
        if (taken.numUpdatedRows === 1n) return this.claimed(scope, key, attempt);
        continue;
      }
      if (row.fingerprint !== fingerprint) return { kind: "mismatch" };
      if (row.state === "done") return { kind: "replay", response: storedResponse(row) };

      if (Date.parse(toIso(row.lease_until)) > now) {
        // Running, on this instance or another: wait for its answer.
        awaited = row.attempt;
        if (now >= deadline) return { kind: "in_use", retryAfterSeconds: Math.ceil(this.leaseMs / 2000) };
        await sleep(Math.min(pause, deadline - now));
        pause = Math.min(Math.ceil(pause * 1.5), MAX_POLL_MS);
        continue;
      }

      // Its lease ran out: the instance running it died. Take the lease to look for its outcome only.
      const holder = randomUUID();
      const taken = await this.db
        .updateTable("idempotency_key")
        .set({ holder, lease_until: iso(now + this.leaseMs) })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .where("state", "=", "pending")
        .where("attempt", "=", row.attempt)
        .where("holder", "=", row.holder)
        .where("lease_until", "<=", iso(now))
        .executeTakeFirst();
      if (taken.numUpdatedRows === 1n) return this.interrupted(scope, key, row.attempt, holder, row.created_at);
    }
  }

  /** The row of a key, for the claim (and for tests). */
  read(scope: string, key: string) {
    return this.db
      .selectFrom("idempotency_key")
      .select([
        "fingerprint",
        "state",
        "attempt",
        "holder",
        "lease_until",
        "status",
        "headers",
        "body",
        "created_at",
        "expires_at",
      ])
      .where("scope", "=", scope)
      .where("key", "=", key)
      .executeTakeFirst();
  }

  private claimed(scope: string, key: string, attempt: string): IdempotencyClaim {
    const lease = this.holdLease(scope, key, attempt);
    return {
      kind: "claimed",
      settle: async (response, remember) => {
        lease.stop();
        const now = this.now();
        // Whoever holds the lease now: this attempt's own answer is the truth about it.
        await this.db
          .updateTable("idempotency_key")
          .set({
            state: remember ? "done" : "failed",
            ...responseColumns(response),
            lease_until: iso(now),
            expires_at: iso(now + (remember ? this.ttlMs : FAILURE_KEPT_MS)),
          })
          .where("scope", "=", scope)
          .where("key", "=", key)
          .where("state", "=", "pending")
          .where("attempt", "=", attempt)
          .execute();
      },
    };
  }

  private interrupted(
    scope: string,
    key: string,
    attempt: string,
    holder: string,
    startedAt: Date | string,
  ): IdempotencyClaim {
    const lease = this.holdLease(scope, key, holder);
    return {
      kind: "interrupted",
      startedAt: new Date(toIso(startedAt)),
      resolve: async (found) => {
        lease.stop();
        const now = this.now();
        const pending = this.db
          .updateTable("idempotency_key")
          .where("scope", "=", scope)
          .where("key", "=", key)
          .where("state", "=", "pending")
          .where("attempt", "=", attempt);
        if (found) {
          await pending
            .set({ state: "done", ...responseColumns(found), lease_until: iso(now), expires_at: iso(now + this.ttlMs) })
            .execute();
        } else {
          // Still unknown: let the next retry look again at once.
          await pending
            .set({ lease_until: iso(now) })
            .where("holder", "=", holder)
            .execute();
        }
      },
    };
  }

  /** Renews the lease of `holder` until stopped; a failed renewal is logged (a missed one costs a lookup, never a repeat). */
  private holdLease(scope: string, key: string, holder: string): { stop(): void } {
    const renew = () =>
      this.db
        .updateTable("idempotency_key")
        .set({ lease_until: iso(this.now() + this.leaseMs) })
        .where("scope", "=", scope)
        .where("key", "=", key)
        .where("state", "=", "pending")
        .where("holder", "=", holder)
        .execute()
        .catch((error: unknown) =>
          componentLogger("idempotency").error({ err: error }, "the lease could not be renewed"),
        );
    const timer = setInterval(() => void renew(), this.heartbeatMs);
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }

  /** Removes expired rows, at most once a minute per instance: cheap, and claims ignore expired rows anyway. */
  private async sweep(): Promise<void> {
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + SWEEP_EVERY_MS;
    await this.db.deleteFrom("idempotency_key").where("expires_at", "<=", iso(now)).execute();
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function responseColumns(response: StoredResponse) {
  return { status: response.status, headers: JSON.stringify(response.headers), body: response.body };
}

function storedResponse(row: NonNullable<Row>): StoredResponse {
  return {
    status: row.status ?? 500,
    headers: row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {},
    body: row.body ?? "",
  };
}
