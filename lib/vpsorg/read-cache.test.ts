import { describe, expect, it } from "vitest";
import { ReadCache } from "@/lib/vpsorg/read-cache";

describe("read cache", () => {
  it("keeps at most maxEntries keys, dropping the oldest", async () => {
    const cache = new ReadCache({ ttlMs: 60_000, maxEntries: 2 });
    let loads = 0;
    const load = async () => ++loads;
    for (const key of ["a", "b", "c"]) await cache.read(key, load, { cache: true });
    expect(cache.size).toBe(2);
    await cache.read("c", load, { cache: true });
    expect(loads).toBe(3);
    await cache.read("a", load, { cache: true });
    expect(loads).toBe(4);
  });

  it("lets a read that started before an invalidation finish for its callers, without being joined afterwards", async () => {
    const cache = new ReadCache({ ttlMs: 60_000 });
    let release!: (value: string) => void;
    const before = cache.read("k", () => new Promise<string>((resolve) => (release = resolve)), { cache: true });
    cache.invalidate();
    const after = cache.read("k", async () => "fresh", { cache: true });
    release("stale");
    expect(await before).toBe("stale");
    expect(await after).toBe("fresh");
    expect(await cache.read("k", async () => "reloaded", { cache: true })).toBe("fresh");
  });
});
