import { describe, expect, it } from "vitest";
import { HEALTH_CHECK_INTERVAL_MS, checkHealth } from "@/lib/health/server/check-health";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { backends, useStores } from "./helpers";

// The last health check is shared by every instance through the store: however many anonymous
// requests arrive on however many instances, VPS.org's account endpoint is asked once per interval.

function countingUpstream(): VpsorgTransport & { calls: number } {
  const upstream = {
    calls: 0,
    baseUrl: "http://vpsorg.test/api/v1",
    async send() {
      upstream.calls += 1;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { status: 200, body: { account: { email: "ops@example.com" }, token: { name: "dash", permissions: [] } } };
    },
    async listAll() {
      return [];
    },
    circuit: async () => ({ state: "closed" as const, retryAt: null, failures: 0 }),
  };
  return upstream;
}

describe.each(backends)("shared health check on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("asks VPS.org once for 20 anonymous requests at once on two instances, then answers from the store", async () => {
    const first = await newStore();
    const second = await secondInstance(first);
    const upstream = countingUpstream();
    const anonymous = { signedIn: false, fresh: false };
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => checkHealth(i % 2 ? first : second, upstream, anonymous)),
    );
    expect(upstream.calls).toBe(1);
    expect(answers.filter((answer) => answer.status === "ok").length).toBeGreaterThanOrEqual(1);
    // Nothing of the token or account for a stranger.
    expect(answers.every((answer) => answer.provider.tokenName === null && answer.provider.account === null)).toBe(
      true,
    );

    const later = await checkHealth(second, upstream, anonymous);
    expect(later).toMatchObject({ status: "ok", provider: { reachable: true } });
    expect(upstream.calls).toBe(1);
    // A signed-in user sees the details of the shared check.
    expect((await checkHealth(first, upstream, { signedIn: true, fresh: false })).provider.tokenName).toBe("dash");
    expect(upstream.calls).toBe(1);
  });

  it("asks again once the last check is older than the interval, and always for a fresh (admin) check", async () => {
    const store = await newStore();
    const upstream = countingUpstream();
    await checkHealth(store, upstream, { signedIn: false, fresh: false });
    const later = new Date(Date.now() + HEALTH_CHECK_INTERVAL_MS + 1_000);
    await checkHealth(store, upstream, { signedIn: false, fresh: false, now: later });
    expect(upstream.calls).toBe(2);
    await checkHealth(store, upstream, { signedIn: true, fresh: true });
    expect(upstream.calls).toBe(3);
  });
});
