import { describe, expect, it } from "vitest";
import { MAX_RETRY_DELAY_MS, RETRY_FOR_MS, nextAttemptAt, retryDelayMs } from "@/lib/notifications/backoff";

describe("the retry schedule", () => {
  it("doubles from the base delay up to an hour", () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 10_000))).toEqual([10_000, 20_000, 40_000, 80_000, 160_000]);
    expect(retryDelayMs(20, 10_000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it("retries for a day after the notification was written, then gives up", () => {
    const created = new Date("2026-12-05T00:00:00Z");
    let now = created;
    let attempts = 0;
    const times: Date[] = [];
    for (;;) {
      attempts++;
      const next = nextAttemptAt(created, attempts, now, 10_000);
      if (!next) break;
      times.push(next);
      now = next;
    }
    expect(times.length).toBeGreaterThan(20);
    expect(times.at(-1)!.getTime() - created.getTime()).toBeLessThanOrEqual(RETRY_FOR_MS);
    expect(now.getTime() - created.getTime()).toBeGreaterThan(RETRY_FOR_MS - MAX_RETRY_DELAY_MS);
  });
});
