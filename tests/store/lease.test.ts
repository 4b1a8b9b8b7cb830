import { describe, expect, it } from "vitest";
import { acquireLease, currentLease, releaseLease } from "@/lib/jobs/lease";
import { backends, useStores } from "./helpers";

// One holder per lease across instances; a holder that stops renewing loses it when it expires.

const t0 = new Date("2026-12-02T10:00:00Z");
const after = (ms: number) => new Date(t0.getTime() + ms);

describe.each(backends)("leases on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("gives a lease to exactly one of several instances asking at once", async () => {
    const first = await newStore();
    const others = [await secondInstance(first), await secondInstance(first)];
    const stores = [first, ...others];
    const results = await Promise.all(
      stores.flatMap((store, i) =>
        [0, 1].map((j) => acquireLease(store.db, "watcher", `holder-${i}-${j}`, 15_000, t0)),
      ),
    );
    const held = results.filter((lease) => lease !== null);
    expect(held).toHaveLength(1);
    expect(await currentLease(first.db, "watcher", t0)).toEqual(held[0]);
  });

  it("is renewed by its holder and refused to others until it expires, then taken over", async () => {
    const store = await newStore();
    expect(await acquireLease(store.db, "watcher", "a", 15_000, t0)).toMatchObject({ holder: "a" });
    expect(await acquireLease(store.db, "watcher", "b", 15_000, after(5_000))).toBeNull();
    expect(await acquireLease(store.db, "watcher", "a", 15_000, after(10_000))).toEqual({
      name: "watcher",
      holder: "a",
      expiresAt: after(25_000).toISOString(),
    });
    // a stops renewing (it crashed): b gets it once the renewed lease has expired, not before.
    expect(await acquireLease(store.db, "watcher", "b", 15_000, after(24_999))).toBeNull();
    expect(await acquireLease(store.db, "watcher", "b", 15_000, after(25_000))).toMatchObject({ holder: "b" });
    expect(await acquireLease(store.db, "watcher", "a", 15_000, after(26_000))).toBeNull();
    expect((await currentLease(store.db, "watcher", after(26_000)))?.holder).toBe("b");
  });

  it("is free at once when its holder releases it; another's release changes nothing", async () => {
    const store = await newStore();
    await acquireLease(store.db, "watcher", "a", 15_000, t0);
    await releaseLease(store.db, "watcher", "b");
    expect((await currentLease(store.db, "watcher", t0))?.holder).toBe("a");
    await releaseLease(store.db, "watcher", "a");
    expect(await currentLease(store.db, "watcher", t0)).toBeNull();
    expect(await acquireLease(store.db, "watcher", "b", 15_000, after(1))).toMatchObject({ holder: "b" });
  });

  it("keeps leases of different names apart", async () => {
    const store = await newStore();
    expect(await acquireLease(store.db, "watcher", "a", 15_000, t0)).not.toBeNull();
    expect(await acquireLease(store.db, "schedules", "b", 15_000, t0)).not.toBeNull();
  });
});
