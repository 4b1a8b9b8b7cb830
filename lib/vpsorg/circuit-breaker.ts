// Stops calling a VPS.org that is down: after `failureThreshold` consecutive failures (no answer,
// a timeout or a 5xx) the circuit opens for `cooldownMs`; every call fails fast meanwhile. Then one
// call goes through as a probe (half-open): its success closes the circuit, its failure opens it again.
// Any answer below 500 (a 4xx, a 429, even an unreadable 200) proves the provider is up.
//
// The rules are pure functions of a `CircuitRecord` and the time, so one breaker can be kept in memory
// (below, for tests) or as a row in the store that every instance shares (stored-circuit-breaker.ts).

export type CircuitState = "closed" | "open" | "half_open";

export interface CircuitSettings {
  failureThreshold: number;
  cooldownMs: number;
  /** How long a half-open probe's claim holds: past it (its instance died mid-request) another may probe. */
  probeClaimMs: number;
}

/** Everything a breaker remembers. */
export interface CircuitRecord {
  /** Consecutive failures counted so far. */
  failures: number;
  /** Epoch ms until which the circuit is open (half-open once it has passed); null while closed. */
  openUntil: number | null;
  /** The probe let through while half-open: its claim's id, and until when the claim holds (epoch ms). */
  probe: { id: string; until: number } | null;
}

export const CLOSED_CIRCUIT: CircuitRecord = { failures: 0, openUntil: null, probe: null };

export interface CircuitStatus {
  state: CircuitState;
  /** Epoch ms when an open circuit lets a probe through; null unless open. */
  retryAt: number | null;
  /** Consecutive failures counted so far. */
  failures: number;
}

/** Leave to send one request; hand it back with `settle`. */
export interface CircuitPermit {
  /** The claim's id when this request is the half-open probe, else null. */
  readonly probe: string | null;
}

export type CircuitDecision = { allowed: true; permit: CircuitPermit } | { allowed: false; status: CircuitStatus };

/**
 * What a request told about the provider: `succeeded` (it answered), `failed` (no answer, a timeout,
 * a 5xx) or `released` (nothing: the call ended on a bug of ours).
 */
export type CircuitOutcome = "succeeded" | "failed" | "released";

/** A breaker in front of VPS.org; never throws (a stored one steps aside when the store cannot be reached). */
export interface CircuitBreaker {
  acquire(): Promise<CircuitDecision>;
  settle(permit: CircuitPermit, outcome: CircuitOutcome): Promise<void>;
  /** Its state now; null when that cannot be known (the store that keeps it cannot be read). */
  status(): Promise<CircuitStatus | null>;
}

export const DEFAULT_BREAKER = { failureThreshold: 5, cooldownMs: 30_000 } as const;

/** A probe's claim outlasts the request's own timeout (which covers the whole answer) by this much. */
export const PROBE_CLAIM_MARGIN_MS = 5_000;

/** The settings for requests that time out after `timeoutMs`: DEFAULT_BREAKER where `overrides` says nothing. */
export function circuitSettings(
  timeoutMs: number,
  overrides: Partial<Pick<CircuitSettings, "failureThreshold" | "cooldownMs">> = {},
): CircuitSettings {
  return {
    failureThreshold: overrides.failureThreshold ?? DEFAULT_BREAKER.failureThreshold,
    cooldownMs: overrides.cooldownMs ?? DEFAULT_BREAKER.cooldownMs,
    probeClaimMs: timeoutMs + PROBE_CLAIM_MARGIN_MS,
  };
}

export function circuitStatus(record: CircuitRecord, now: number): CircuitStatus {
  const { failures, openUntil } = record;
  if (openUntil === null) return { state: "closed", retryAt: null, failures };
  if (now < openUntil) return { state: "open", retryAt: openUntil, failures };
  return { state: "half_open", retryAt: null, failures };
}

/** Whether a request may go now, and the record after it: a half-open circuit's probe is claimed as `probeId`. */
export function acquireStep(
  record: CircuitRecord,
  now: number,
  settings: CircuitSettings,
  probeId: string,
): { record: CircuitRecord; decision: CircuitDecision } {
  const status = circuitStatus(record, now);
  if (status.state === "closed") return { record, decision: { allowed: true, permit: { probe: null } } };
  if (status.state === "half_open" && (record.probe === null || record.probe.until <= now)) {
    return {
      record: { ...record, probe: { id: probeId, until: now + settings.probeClaimMs } },
      decision: { allowed: true, permit: { probe: probeId } },
    };
  }
  return { record, decision: { allowed: false, status } };
}

/** The record after a request with `permit` ended with `outcome`. */
export function settleStep(
  record: CircuitRecord,
  permit: CircuitPermit,
  outcome: CircuitOutcome,
  now: number,
  settings: CircuitSettings,
): CircuitRecord {
  // A probe whose claim expired and was taken by another is no longer the probe.
  const ownProbe = permit.probe !== null && record.probe?.id === permit.probe;
  switch (outcome) {
    case "succeeded":
      // The provider answered: whatever the circuit was, it closes.
      return CLOSED_CIRCUIT;
    case "released":
      return ownProbe ? { ...record, probe: null } : record;
    case "failed": {
      const failures = record.failures + 1;
      if (ownProbe || (record.openUntil === null && failures >= settings.failureThreshold)) {
        return { failures, openUntil: now + settings.cooldownMs, probe: null };
      }
      // A call that was already in flight when the circuit opened does not push the probe back.
      return { ...record, failures };
    }
  }
}

export function sameRecord(a: CircuitRecord, b: CircuitRecord): boolean {
  return (
    a.failures === b.failures &&
    a.openUntil === b.openUntil &&
    a.probe?.id === b.probe?.id &&
    a.probe?.until === b.probe?.until
  );
}

/** A breaker of this process alone, in memory: the transport's default, and what the unit tests drive. */
export function createMemoryCircuitBreaker(settings: CircuitSettings, now: () => number = Date.now): CircuitBreaker {
  let record = CLOSED_CIRCUIT;
  let probes = 0;
  return {
    async acquire() {
      probes += 1;
      const step = acquireStep(record, now(), settings, `probe-${probes}`);
      record = step.record;
      return step.decision;
    },
    async settle(permit, outcome) {
      record = settleStep(record, permit, outcome, now(), settings);
    },
    async status() {
      return circuitStatus(record, now());
    },
  };
}
