import { describe, expect, it, vi } from "vitest";
import { idempotent } from "@/lib/api/idempotency";
import { DbIdempotencyStore, type DbIdempotencyStoreOptions } from "@/lib/api/idempotency-store";
import type { Store } from "@/lib/store/store";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { backends, useStores } from "./helpers";

// Idempotency-Key records in the shared store (lib/api/idempotency-store.ts) through idempotent(),
// on SQLite and PostgreSQL, with a second instance on the same database where it matters.

const SCOPE = "POST /api/backups by user-1";

function request(key: string): Request {
  return new Request("http://dashboard.test/api/backups", { method: "POST", headers: { "Idempotency-Key": key } });
}

/** A handler that counts its runs and answers 201 with the run number, after `gate` if given. */
function counting(gate?: Promise<void>) {
  const handler = async () => {
    handler.runs += 1;
    const run = handler.runs;
    await gate;
    return Response.json({ run }, { status: 201, headers: { "Cache-Control": "no-store" } });
  };
  handler.runs = 0;
  return handler;
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

const neverRuns = async (): Promise<Response> => {
  throw new Error("the handler must not run");
};

const errorCode = async (response: Promise<Response>) => {
  try {
    const answered = await response;
    return `answered ${answered.status}`;
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

/** What an instance that dies mid-request leaves behind: a claim it never settles nor renews. */
async function crashedClaim(store: Store, key: string, body: unknown, options: DbIdempotencyStoreOptions = {}) {
  const dying = new DbIdempotencyStore(store.db, { leaseMs: 200, heartbeatMs: 3_600_000, ...options });
  let startedAt!: Date;
  let handed!: () => void;
  const handling = new Promise<void>((resolve) => (handed = resolve));
  void idempotent(
    request(key),
    SCOPE,
    body,
    () => {
      startedAt = new Date();
      handed();
      return new Promise<Response>(() => {}); // it never answers: the process is gone
    },
    { store: dying },
  );
  await handling;
  return { startedAt };
}

describe.each(backends)("Idempotency-Key records on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);
  const fast = (store: Store, options: DbIdempotencyStoreOptions = {}) =>
    new DbIdempotencyStore(store.db, { leaseMs: 200, heartbeatMs: 40, pollMs: 10, ...options });

  it("replays the first answer to a repeat, marked Idempotent-Replayed, whatever the order of the body's fields", async () => {
    const store = fast(await newStore());
    const handler = counting();
    const first = await idempotent(request("k"), SCOPE, { server_id: 1, description: "x" }, handler, { store });
    const again = await idempotent(request("k"), SCOPE, { description: "x", server_id: 1 }, handler, { store });
    expect(handler.runs).toBe(1);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(await again.json()).toEqual(await first.json());
  });

  it("refuses the same key with another body: idempotency_key_reused, nothing run", async () => {
    const store = fast(await newStore());
    const handler = counting();
    await idempotent(request("k"), SCOPE, { server_id: 1 }, handler, { store });
    expect(await errorCode(idempotent(request("k"), SCOPE, { server_id: 2 }, handler, { store }))).toBe(
      "idempotency_key_reused",
    );
    expect(handler.runs).toBe(1);
  });

  it("keeps one user's keys apart from another's (the scope names the user)", async () => {
    const store = fast(await newStore());
    const handler = counting();
    await idempotent(request("k"), "POST /api/backups by user-1", { server_id: 1 }, handler, { store });
    const other = await idempotent(request("k"), "POST /api/backups by user-2", { server_id: 2 }, handler, { store });
    expect(other.headers.get("idempotent-replayed")).toBeNull();
    expect(handler.runs).toBe(2);
  });

  it("frees the key after a failure: a retry runs again and may carry other content", async () => {
    const store = fast(await newStore());
    let runs = 0;
    const flaky = async () => {
      runs += 1;
      if (runs === 1) throw new VpsorgError({ kind: "server_error", status: 500, message: "Internal server error." });
      return Response.json({ id: 7 }, { status: 201 });
    };
    const first = await idempotent(request("retry-me"), SCOPE, { server_id: 1 }, flaky, { store });
    expect(first.status).toBe(502);
    const second = await idempotent(request("retry-me"), SCOPE, { server_id: 1 }, flaky, { store });
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(runs).toBe(2);
    // A failed first attempt binds nothing: the key is as free as a new one.
    const failedOnce = await idempotent(
      request("other"),
      SCOPE,
      { server_id: 1 },
      async () => {
        throw new VpsorgError({ kind: "server_error", status: 500, message: "Internal server error." });
      },
      { store },
    );
    expect(failedOnce.status).toBe(502);
    expect((await idempotent(request("other"), SCOPE, { server_id: 2 }, counting(), { store })).status).toBe(201);
  });

  it("gives a duplicate that waited on a failed attempt that failure, not a second attempt", async () => {
    const store = fast(await newStore());
    const { opened, open } = gate();
    let runs = 0;
    const timesOut = async (): Promise<Response> => {
      runs += 1;
      await opened;
      throw new VpsorgError({ kind: "timeout", message: "VPS.org did not answer." });
    };
    const a = idempotent(request("t"), SCOPE, { server_id: 1 }, timesOut, { store });
    await vi.waitFor(() => expect(runs).toBe(1));
    const b = idempotent(request("t"), SCOPE, { server_id: 1 }, timesOut, { store });
    await new Promise((resolve) => setTimeout(resolve, 50)); // b is waiting on the row
    open();
    const [ra, rb] = await Promise.all([a, b]);
    expect(runs).toBe(1);
    expect([ra.status, rb.status]).toEqual([504, 504]);
    expect(rb.headers.get("idempotent-replayed")).toBe("true");
  });

  it("runs once when two instances race one key, and both answer the first run's result", async () => {
    const first = await newStore();
    const second = await secondInstance(first);
    for (let round = 0; round < 10; round += 1) {
      const { opened, open } = gate();
      const handler = counting(opened);
      const key = `race-${round}`;
      const answers = Promise.all([
        idempotent(request(key), SCOPE, { server_id: 1 }, handler, { store: fast(first) }),
        idempotent(request(key), SCOPE, { server_id: 1 }, handler, { store: fast(second) }),
      ]);
      await vi.waitFor(() => expect(handler.runs).toBe(1));
      // Longer than the lease: the running claim renews it, so the duplicate keeps waiting.
      await new Promise((resolve) => setTimeout(resolve, 300));
      open();
      const [a, b] = await answers;
      expect(handler.runs).toBe(1);
      expect(await a.json()).toEqual({ run: 1 });
      expect(await b.json()).toEqual({ run: 1 });
      expect([a.headers.get("idempotent-replayed"), b.headers.get("idempotent-replayed")].sort()).toEqual(
        ["true", null].sort(),
      );
    }
  });

  it("tells a duplicate that waited longer than the limit to come back: idempotency_key_in_use", async () => {
    const store = await newStore();
    const { opened, open } = gate();
    const handler = counting(opened);
    const running = idempotent(request("slow"), SCOPE, {}, handler, { store: fast(store) });
    await vi.waitFor(() => expect(handler.runs).toBe(1));
    expect(
      await errorCode(
        idempotent(request("slow"), SCOPE, {}, neverRuns, { store: fast(store, { waitTimeoutMs: 300 }) }),
      ),
    ).toBe("idempotency_key_in_use");
    open();
    expect((await running).status).toBe(201);
  });

  describe("after an instance died mid-request", () => {
    it("never runs it again: the other instance recovers the outcome and remembers it", async () => {
      const first = await newStore();
      const second = await secondInstance(first);
      const { startedAt } = await crashedClaim(first, "crashed", { server_id: 1 });
      const recover = vi.fn<(startedAt: Date) => Promise<Response>>(async () =>
        Response.json({ id: 501, recovered: true }, { status: 201 }),
      );
      const retried = await idempotent(request("crashed"), SCOPE, { server_id: 1 }, neverRuns, {
        store: fast(second),
        recover,
      });
      expect(retried.status).toBe(201);
      expect(retried.headers.get("idempotent-replayed")).toBe("true");
      expect(await retried.json()).toEqual({ id: 501, recovered: true });
      expect(recover).toHaveBeenCalledTimes(1);
      // The attempt's own start, which bounds the search: before the handler was called, and close to it.
      const since = recover.mock.calls[0]![0];
      expect(since.getTime()).toBeLessThanOrEqual(startedAt.getTime());
      expect(startedAt.getTime() - since.getTime()).toBeLessThan(1000);

      const again = await idempotent(request("crashed"), SCOPE, { server_id: 1 }, neverRuns, {
        store: fast(first),
        recover,
      });
      expect(await again.json()).toEqual({ id: 501, recovered: true });
      expect(recover).toHaveBeenCalledTimes(1); // replayed from the store
    });

    it("answers idempotency_outcome_unknown while nothing is found, and looks again at the next retry", async () => {
      const store = await newStore();
      await crashedClaim(store, "lost", { server_id: 1 });
      let listed = false;
      const recover = vi.fn(async () => (listed ? Response.json({ id: 9 }, { status: 201 }) : null));
      const retry = () =>
        idempotent(request("lost"), SCOPE, { server_id: 1 }, neverRuns, { store: fast(store), recover });
      expect(await errorCode(retry())).toBe("idempotency_outcome_unknown");
      expect(await errorCode(retry())).toBe("idempotency_outcome_unknown");
      listed = true;
      expect((await retry()).status).toBe(201);
      expect(recover).toHaveBeenCalledTimes(3);
    });

    it("is unknown, never run, on a route without recover; other content is still refused", async () => {
      const store = await newStore();
      await crashedClaim(store, "restore", { backup_id: 1 });
      expect(
        await errorCode(idempotent(request("restore"), SCOPE, { backup_id: 1 }, neverRuns, { store: fast(store) })),
      ).toBe("idempotency_outcome_unknown");
      expect(
        await errorCode(idempotent(request("restore"), SCOPE, { backup_id: 2 }, neverRuns, { store: fast(store) })),
      ).toBe("idempotency_key_reused");
    });

    it("lets one retry look at a time: racing retries on two instances recover once", async () => {
      const first = await newStore();
      const second = await secondInstance(first);
      await crashedClaim(first, "crashed", { server_id: 1 });
      await new Promise((resolve) => setTimeout(resolve, 250)); // its lease runs out
      const { opened, open } = gate();
      const recover = vi.fn(async () => {
        await opened;
        return Response.json({ id: 77 }, { status: 201 });
      });
      const retries = Promise.all(
        [first, second].map((store) =>
          idempotent(request("crashed"), SCOPE, { server_id: 1 }, neverRuns, { store: fast(store), recover }),
        ),
      );
      await vi.waitFor(() => expect(recover).toHaveBeenCalledTimes(1));
      await new Promise((resolve) => setTimeout(resolve, 300)); // longer than the lease: the looking one renews it
      open();
      const answers = await retries;
      expect(recover).toHaveBeenCalledTimes(1);
      expect(await Promise.all(answers.map((answer) => answer.json()))).toEqual([{ id: 77 }, { id: 77 }]);
    });
  });

  it("forgets a remembered answer after its TTL, and removes expired rows", async () => {
    const store = await newStore();
    let now = Date.parse("2026-12-02T10:00:00.000Z");
    const clocked = () => fast(store, { ttlMs: 1000, now: () => now });
    const handler = counting();
    await idempotent(request("k"), SCOPE, {}, handler, { store: clocked() });
    now += 999;
    expect(
      (await idempotent(request("k"), SCOPE, {}, handler, { store: clocked() })).headers.get("idempotent-replayed"),
    ).toBe("true");
    await idempotent(request("gone"), SCOPE, {}, handler, { store: clocked() });
    now += 1;
    const runs = handler.runs;
    expect(
      (await idempotent(request("k"), SCOPE, {}, handler, { store: clocked() })).headers.get("idempotent-replayed"),
    ).toBeNull();
    expect(handler.runs).toBe(runs + 1);
    now += 1000; // past both; the next claim of a fresh store object sweeps
    await idempotent(request("new"), SCOPE, {}, handler, { store: clocked() });
    const keys = await store.db.selectFrom("idempotency_key").select("key").orderBy("key").execute();
    expect(keys.map((row) => row.key)).toEqual(["new"]);
  });
});
