import { describe, expect, it } from "vitest";
import { ApiRequestError } from "@/lib/http/client/fetch-json";
import { MAX_BACKOFF_MS, backedOffInterval } from "@/lib/http/client/poll-backoff";

const now = 1_000_000;
const failing = (staleForMs: number, error: unknown = new ApiRequestError("provider_unavailable", 502, "down")) => ({
  error,
  dataUpdatedAt: now - staleForMs,
  errorUpdatedAt: now,
  errorUpdateCount: 1,
});

describe("poll backoff", () => {
  it("keeps the wanted interval while refreshes succeed", () => {
    expect(
      backedOffInterval({ error: null, dataUpdatedAt: now, errorUpdatedAt: 0, errorUpdateCount: 0 }, 3_000, now),
    ).toBe(3_000);
    // An old error followed by good data is over.
    expect(
      backedOffInterval(
        { error: new Error("x"), dataUpdatedAt: now, errorUpdatedAt: now - 5_000, errorUpdateCount: 1 },
        3_000,
        now,
      ),
    ).toBe(3_000);
  });

  it("waits about as long as the data has been stale, so the gaps double", () => {
    expect(backedOffInterval(failing(3_000), 3_000, now)).toBe(3_000);
    expect(backedOffInterval(failing(6_000), 3_000, now)).toBe(6_000);
    expect(backedOffInterval(failing(12_000), 3_000, now)).toBe(12_000);
  });

  it("polls sooner than the slow refresh once failing, then backs off to a minute at most", () => {
    expect(backedOffInterval(failing(3_000), 60_000, now)).toBe(3_000);
    expect(backedOffInterval(failing(10 * 60_000), 3_000, now)).toBe(MAX_BACKOFF_MS);
  });

  it("never polls before the Retry-After the dashboard passed on", () => {
    const limited = new ApiRequestError("rate_limited", 429, "slow down", undefined, 90);
    expect(backedOffInterval(failing(3_000, limited), 3_000, now)).toBe(90_000);
  });

  it("backs off by the number of failures when there has never been data", () => {
    const state = (count: number) => ({
      error: new Error("x"),
      dataUpdatedAt: 0,
      errorUpdatedAt: now,
      errorUpdateCount: count,
    });
    expect([1, 2, 3, 4, 8].map((count) => backedOffInterval(state(count), 3_000, now))).toEqual([
      3_000, 6_000, 12_000, 24_000, 60_000,
    ]);
  });
});
