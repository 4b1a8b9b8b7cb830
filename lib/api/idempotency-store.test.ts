import { describe, expect, it } from "vitest";
import { MemoryIdempotencyStore, type StoredResponse } from "@/lib/api/idempotency-store";

const created: StoredResponse = { status: 201, headers: { "content-type": "application/json" }, body: '{"id":1}' };
const failed: StoredResponse = { status: 502, headers: {}, body: '{"error":{}}' };

async function claimed(store: MemoryIdempotencyStore, key: string, fingerprint = "f") {
  const claim = await store.claim(key, fingerprint);
  if (claim.kind !== "claimed") throw new Error(`expected a claim, got ${claim.kind}`);
  return claim;
}

describe("memory idempotency store", () => {
  it("replays a remembered answer to the same key and content", async () => {
    const store = new MemoryIdempotencyStore();
    await (await claimed(store, "k")).settle(created, true);
    expect(await store.claim("k", "f")).toEqual({ kind: "replay", response: created });
  });

  it("refuses the same key with other content", async () => {
    const store = new MemoryIdempotencyStore();
    await (await claimed(store, "k", "f1")).settle(created, true);
    expect(await store.claim("k", "f2")).toEqual({ kind: "mismatch" });
  });

  it("makes a racing duplicate wait for the first and get its answer", async () => {
    const store = new MemoryIdempotencyStore();
    const first = await claimed(store, "k");
    const second = store.claim("k", "f");
    let settled = false;
    void second.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    await first.settle(created, true);
    expect(await second).toEqual({ kind: "replay", response: created });
  });

  it("frees the key after a failure that is not remembered, but the racing duplicate still gets that failure", async () => {
    const store = new MemoryIdempotencyStore();
    const first = await claimed(store, "k");
    const duplicate = store.claim("k", "f");
    await first.settle(failed, false);
    expect(await duplicate).toEqual({ kind: "replay", response: failed });
    expect((await store.claim("k", "f")).kind).toBe("claimed"); // a later retry runs again
  });

  it("forgets records after their TTL", async () => {
    let now = 0;
    const store = new MemoryIdempotencyStore({ ttlMs: 1000, now: () => now });
    await (await claimed(store, "k")).settle(created, true);
    now = 999;
    expect((await store.claim("k", "f")).kind).toBe("replay");
    now = 1000;
    expect((await store.claim("k", "f")).kind).toBe("claimed");
  });

  it("keeps at most maxRecords, dropping the oldest", async () => {
    const store = new MemoryIdempotencyStore({ maxRecords: 2 });
    for (const key of ["a", "b", "c"]) await (await claimed(store, key)).settle(created, true);
    expect(store.size).toBe(2);
    expect((await store.claim("a", "f")).kind).toBe("claimed");
    expect((await store.claim("c", "f")).kind).toBe("replay");
  });
});
