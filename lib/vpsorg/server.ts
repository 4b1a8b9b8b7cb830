import "server-only";
import type { Kysely } from "kysely";
import { parseEnv, resolveUpstream } from "@/lib/config/env-schema";
import type { Database, Dialect } from "@/lib/db/schema";
import { recordProviderRequest } from "@/lib/metrics/registry";
import { circuitSettings, type CircuitBreaker } from "@/lib/vpsorg/circuit-breaker";
import { createStoredCircuitBreaker } from "@/lib/vpsorg/stored-circuit-breaker";
import { createVpsorgTransport, type VpsorgTransport } from "@/lib/vpsorg/transport";

// On globalThis rather than in a module variable: Next.js may load this module once per route
// bundle, and the cache and its invalidation only work if every route shares one. Both transports
// stand behind the one circuit breaker, whose state is in the store: every instance shares it.
const TRANSPORT = Symbol.for("vpsorg-dashboard.transport");
const UNCACHED = Symbol.for("vpsorg-dashboard.transport-uncached");
const BREAKER = Symbol.for("vpsorg-dashboard.circuit-breaker");
const holder = globalThis as typeof globalThis & {
  [TRANSPORT]?: VpsorgTransport;
  [UNCACHED]?: VpsorgTransport;
  [BREAKER]?: CircuitBreaker;
};

/** The process's store, which keeps the circuit breaker. */
type BreakerStore = { db: Kysely<Database>; dialect: Dialect };

function transport(store: BreakerStore, cached: boolean): VpsorgTransport {
  const { baseUrl, token, timeoutMs, cacheTtlMs, retry, breaker } = resolveUpstream(parseEnv(process.env));
  holder[BREAKER] ??= createStoredCircuitBreaker(store, circuitSettings(timeoutMs, breaker));
  return createVpsorgTransport({
    baseUrl,
    token,
    timeoutMs,
    cacheTtlMs: cached ? cacheTtlMs : 0,
    retry,
    breaker: holder[BREAKER],
    observe: recordProviderRequest,
  });
}

/**
 * The one VPS.org transport of this server process; the only reader of the token (lint keeps it so).
 * `store` is the process's (there is one per process), which keeps the circuit breaker.
 */
export function vpsorg(store: BreakerStore): VpsorgTransport {
  holder[TRANSPORT] ??= transport(store, true);
  return holder[TRANSPORT];
}

/**
 * A transport without the read cache, for the account watcher: its polls must see what VPS.org holds
 * now (another instance's change does not clear this instance's cache). The same breaker as `vpsorg`.
 */
export function vpsorgUncached(store: BreakerStore): VpsorgTransport {
  holder[UNCACHED] ??= transport(store, false);
  return holder[UNCACHED];
}
