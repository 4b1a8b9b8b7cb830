import { describe, expect, it } from "vitest";
import { consumeRateLimit } from "@/lib/api/rate-limit";
import { backends, useStores } from "./helpers";

// The shared fixed-window limit (lib/api/rate-limit.ts): every instance counts together, a refused
// attempt says how long until the window ends, and the next window starts afresh.

const limit = { name: "probe", max: 5, windowSeconds: 60 };

describe.each(backends)("rate limit windows on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("allows max attempts per key and window over two instances, then tells how long to wait", async () => {
    const first = await newStore();
    const second = await secondInstance(first);
    const now = new Date("2026-12-01T10:00:15Z");
    const decisions = await Promise.all(
      Array.from({ length: 8 }, (_, i) => consumeRateLimit(i % 2 ? first.db : second.db, limit, "a", now)),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
    expect(decisions.filter((decision) => !decision.allowed)).toEqual(
      Array(3).fill({ allowed: false, retryAfterSeconds: 45 }),
    );
    // Another key has its own allowance; the next window starts afresh.
    expect(await consumeRateLimit(first.db, limit, "b", now)).toEqual({ allowed: true });
    expect(await consumeRateLimit(first.db, limit, "a", new Date("2026-12-01T10:01:00Z"))).toEqual({ allowed: true });
  });

  it("sweeps the closed windows of its limit only", async () => {
    const store = await newStore();
    await consumeRateLimit(store.db, limit, "a", new Date("2026-12-01T10:00:00Z"));
    await consumeRateLimit(
      store.db,
      { ...limit, name: "other", windowSeconds: 3600 },
      "a",
      new Date("2026-12-01T10:00:00Z"),
    );
    await consumeRateLimit(store.db, limit, "a", new Date("2026-12-01T10:05:00Z"));
    const rows = await store.db
      .selectFrom("rate_limit_window")
      .select(["key", "window_start"])
      .orderBy("key")
      .execute();
    expect(rows).toEqual([
      { key: "other:a", window_start: "2026-12-01T10:00:00.000Z" },
      { key: "probe:a", window_start: "2026-12-01T10:05:00.000Z" },
    ]);
  });
});
