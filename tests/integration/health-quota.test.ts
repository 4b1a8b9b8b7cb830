import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { healthSchema } from "@/lib/health/schemas";
import { api, apiAs, clearFaults, clearRequestLog, upstreamRequests } from "./helpers";

// Issue "Hardening" #8: an anonymous GET /api/health must not spend the provider's quota. Without a
// session (and for a non-admin) it answers from the last check shared in the store: VPS.org's account
// endpoint is asked at most once per interval, whoever asks; a signed-in admin's check is fresh.

const accountCalls = async () => (await upstreamRequests()).filter((request) => request.path.endsWith("/account/me/"));

beforeEach(async () => {
  await clearFaults();
  // A fresh check first, so the shared state is known and recent.
  expect((await api("/api/health")).status).toBe(200);
  await clearRequestLog();
});

afterEach(async () => {
  await clearFaults();
});

describe("GET /api/health without a session", () => {
  it("answers 30 anonymous requests, 10 of them at once, from the last check: VPS.org is not asked", async () => {
    for (let i = 0; i < 20; i += 1) {
      const result = await apiAs("anonymous", "/api/health");
      expect(result.status).toBe(200);
      expect(healthSchema.parse(result.body)).toMatchObject({ status: "ok", provider: { reachable: true } });
    }
    const together = await Promise.all(Array.from({ length: 10 }, () => apiAs("anonymous", "/api/health")));
    expect(together.map((result) => result.status)).toEqual(Array(10).fill(200));
    expect(await accountCalls()).toEqual([]);
  });

  it("gives a viewer the last check too, with its details, without asking VPS.org", async () => {
    const result = await apiAs("viewer", "/api/health");
    expect(healthSchema.parse(result.body).provider.tokenName).not.toBeNull();
    expect(await accountCalls()).toEqual([]);
  });

  it("a signed-in admin's check asks VPS.org each time, and the next anonymous answer carries it", async () => {
    const before = healthSchema.parse((await apiAs("anonymous", "/api/health")).body).checkedAt;
    await api("/api/health");
    await api("/api/health");
    expect(await accountCalls()).toHaveLength(2);
    const after = healthSchema.parse((await apiAs("anonymous", "/api/health")).body).checkedAt;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    expect(await accountCalls()).toHaveLength(2);
  });
});
