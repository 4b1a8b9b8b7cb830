// Stops calling a VPS.org that is down: after `failureThreshold` consecutive failures (no answer,
// a timeout or a 5xx) the circuit opens for `cooldownMs`; every call fails fast meanwhile. Then one
// call goes through as a probe (half-open): its success closes the circuit, its failure opens it again.
// Any answer below 500 (a 4xx, a 429, even an unreadable 200) proves the provider is up.

export type CircuitState = "closed" | "open" | "half_open";

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  now?: () => number;
}

export interface CircuitStatus {
  state: CircuitState;
  /** Epoch ms when an open circuit lets a probe through; null unless open. */
  retryAt: number | null;
  /** Consecutive failures counted so far. */
  failures: number;
}

/** Leave to send one request; hand it back with `succeeded`, `failed` or `released`. */
export interface CircuitPermit {
  readonly probe: boolean;
}

export type CircuitDecision = { allowed: true; permit: CircuitPermit } | { allowed: false; status: CircuitStatus };

export const DEFAULT_BREAKER = { failureThreshold: 5, cooldownMs: 30_000 } as const;

export class CircuitBreaker {
  private failures = 0;
  /** Set while the circuit is open (or half-open, once the time has passed). */
  private openUntil: number | null = null;
  private probeInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  status(): CircuitStatus {
    if (this.openUntil === null) return { state: "closed", retryAt: null, failures: this.failures };
    if (this.now() < this.openUntil) return { state: "open", retryAt: this.openUntil, failures: this.failures };
    return { state: "half_open", retryAt: null, failures: this.failures };
  }

  acquire(): CircuitDecision {
    const status = this.status();
    if (status.state === "closed") return { allowed: true, permit: { probe: false } };
    if (status.state === "half_open" && !this.probeInFlight) {
      this.probeInFlight = true;
      return { allowed: true, permit: { probe: true } };
    }
    return { allowed: false, status };
  }

  /** The provider answered: whatever the circuit was, it closes. */
  succeeded(permit: CircuitPermit): void {
    if (permit.probe) this.probeInFlight = false;
    this.failures = 0;
    this.openUntil = null;
  }

  /** No answer, a timeout or a 5xx. */
  failed(permit: CircuitPermit): void {
    this.failures += 1;
    if (permit.probe) {
      this.probeInFlight = false;
      this.open();
    } else if (this.openUntil === null && this.failures >= this.options.failureThreshold) {
      this.open();
    }
    // A call that was already in flight when the circuit opened does not push the probe back.
  }

  /** The call ended without telling anything about the provider (a bug of ours). */
  released(permit: CircuitPermit): void {
    if (permit.probe) this.probeInFlight = false;
  }

  private open(): void {
    this.openUntil = this.now() + this.options.cooldownMs;
  }
}
