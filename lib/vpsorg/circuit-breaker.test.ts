import { describe, expect, it } from "vitest";
import {
  acquireStep,
  CLOSED_CIRCUIT,
  circuitSettings,
  circuitStatus,
  createMemoryCircuitBreaker,
  settleStep,
  type CircuitOutcome,
  type CircuitPermit,
  type CircuitRecord,
} from "@/lib/vpsorg/circuit-breaker";

// The breaker's rules as pure transitions of its record at a given time (the stored breaker applies
// the same ones to the row every instance shares), and the in-memory breaker on a fake clock.

const settings = { failureThreshold: 3, cooldownMs: 10_000, probeClaimMs: 2_000 };
const T0 = 1_000_000;
const plain: CircuitPermit = { probe: null };

const fail = (record: CircuitRecord, at = T0, permit = plain) => settleStep(record, permit, "failed", at, settings);
const failTimes = (n: number, at = T0) => {
  let record = CLOSED_CIRCUIT;
  for (let i = 0; i < n; i++) record = fail(record, at);
  return record;
};

describe("circuit breaker transitions", () => {
  it("lets requests through while closed, counting consecutive failures until the threshold opens it", () => {
    const two = failTimes(2);
    expect(circuitStatus(two, T0)).toEqual({ state: "closed", retryAt: null, failures: 2 });
    expect(acquireStep(two, T0, settings, "p").decision).toEqual({ allowed: true, permit: plain });

    const three = fail(two, T0 + 5);
    expect(three).toEqual({ failures: 3, openUntil: T0 + 5 + 10_000, probe: null });
    expect(circuitStatus(three, T0 + 6)).toEqual({ state: "open", retryAt: T0 + 10_005, failures: 3 });
  });

  it("refuses every request while open, without changing anything", () => {
    const open = failTimes(3);
    const step = acquireStep(open, T0 + 9_999, settings, "p");
    expect(step.record).toBe(open);
    expect(step.decision).toEqual({ allowed: false, status: { state: "open", retryAt: T0 + 10_000, failures: 3 } });
  });

  it("closes on any success, also one of a request that was in flight when it opened", () => {
    expect(settleStep(failTimes(2), plain, "succeeded", T0, settings)).toEqual(CLOSED_CIRCUIT);
    expect(settleStep(failTimes(3), plain, "succeeded", T0 + 1, settings)).toEqual(CLOSED_CIRCUIT);
  });

  it("does not push the cool-down back for failures of requests already in flight when it opened", () => {
    const open = failTimes(3);
    expect(fail(open, T0 + 500)).toEqual({ ...open, failures: 4 });
  });

  it("after the cool-down lets exactly one probe through (half-open), refusing the others meanwhile", () => {
    const open = failTimes(3);
    const at = T0 + 10_000;
    expect(circuitStatus(open, at).state).toBe("half_open");
    const first = acquireStep(open, at, settings, "probe-a");
    expect(first.decision).toEqual({ allowed: true, permit: { probe: "probe-a" } });
    expect(first.record.probe).toEqual({ id: "probe-a", until: at + 2_000 });

    const second = acquireStep(first.record, at + 1_999, settings, "probe-b");
    expect(second.decision).toEqual({
      allowed: false,
      status: { state: "half_open", retryAt: null, failures: 3 },
    });
    expect(second.record).toBe(first.record);
  });

  it("closes when the probe succeeds, and opens again for another cool-down when it fails", () => {
    const at = T0 + 10_000;
    const probing = acquireStep(failTimes(3), at, settings, "probe-a").record;
    const probe = { probe: "probe-a" };
    expect(settleStep(probing, probe, "succeeded", at + 100, settings)).toEqual(CLOSED_CIRCUIT);
    expect(settleStep(probing, probe, "failed", at + 100, settings)).toEqual({
      failures: 4,
      openUntil: at + 100 + 10_000,
      probe: null,
    });
  });

  it("frees the probe's claim when the probe tells nothing (a bug of ours), so the next request probes", () => {
    const at = T0 + 10_000;
    const probing = acquireStep(failTimes(3), at, settings, "probe-a").record;
    const released = settleStep(probing, { probe: "probe-a" }, "released", at + 1, settings);
    expect(released).toEqual({ ...probing, probe: null });
    expect(acquireStep(released, at + 2, settings, "probe-b").decision).toEqual({
      allowed: true,
      permit: { probe: "probe-b" },
    });
    // Another request's release changes nothing.
    expect(settleStep(probing, plain, "released", at + 1, settings)).toBe(probing);
  });

  it("lets another probe through once a probe's claim has expired (its instance died), and the dead one's late failure does not reopen it", () => {
    const at = T0 + 10_000;
    const stuck = acquireStep(failTimes(3), at, settings, "probe-a").record;
    expect(acquireStep(stuck, at + 1_999, settings, "probe-b").decision.allowed).toBe(false);
    const retaken = acquireStep(stuck, at + 2_000, settings, "probe-b");
    expect(retaken.decision).toEqual({ allowed: true, permit: { probe: "probe-b" } });

    // probe-a answers after all: a failure only counts (probe-b decides); a success closes.
    const late = settleStep(retaken.record, { probe: "probe-a" }, "failed", at + 2_100, settings);
    expect(late).toEqual({ ...retaken.record, failures: 4 });
    expect(circuitStatus(late, at + 2_100).state).toBe("half_open");
    expect(settleStep(retaken.record, { probe: "probe-a" }, "succeeded", at + 2_100, settings)).toEqual(CLOSED_CIRCUIT);
  });

  it("takes the defaults where the settings say nothing, and a probe claim beyond the request timeout", () => {
    expect(circuitSettings(10_000)).toEqual({ failureThreshold: 5, cooldownMs: 30_000, probeClaimMs: 15_000 });
    expect(circuitSettings(1_500, { cooldownMs: 1_000 })).toEqual({
      failureThreshold: 5,
      cooldownMs: 1_000,
      probeClaimMs: 6_500,
    });
  });
});

describe("the in-memory circuit breaker", () => {
  it("runs the cycle on its clock: closed, open, half-open with one probe, closed again", async () => {
    const clock = { time: T0 };
    const breaker = createMemoryCircuitBreaker(settings, () => clock.time);
    const send = async (outcome: CircuitOutcome) => {
      const decision = await breaker.acquire();
      if (decision.allowed) await breaker.settle(decision.permit, outcome);
      return decision.allowed;
    };
    for (let i = 0; i < 3; i++) expect(await send("failed")).toBe(true);
    expect(await breaker.status()).toEqual({ state: "open", retryAt: T0 + 10_000, failures: 3 });
    expect(await send("succeeded")).toBe(false);

    clock.time += 10_000;
    expect((await breaker.status())?.state).toBe("half_open");
    const probe = await breaker.acquire();
    expect(probe).toMatchObject({ allowed: true, permit: { probe: expect.any(String) } });
    expect((await breaker.acquire()).allowed).toBe(false);
    if (probe.allowed) await breaker.settle(probe.permit, "succeeded");
    expect(await breaker.status()).toEqual({ state: "closed", retryAt: null, failures: 0 });
    expect(await send("succeeded")).toBe(true);
  });
});
