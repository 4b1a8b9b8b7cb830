import "server-only";
import { parseEnv, resolveUpstream } from "@/lib/config/env-schema";
import { createVpsorgTransport, type VpsorgTransport } from "@/lib/vpsorg/transport";

// On globalThis rather than in a module variable: Next.js may load this module once per route
// bundle, and the cache, its invalidation and the circuit breaker only work if every route shares one.
const TRANSPORT = Symbol.for("vpsorg-dashboard.transport");
const UNCACHED = Symbol.for("vpsorg-dashboard.transport-uncached");
const holder = globalThis as typeof globalThis & { [TRANSPORT]?: VpsorgTransport; [UNCACHED]?: VpsorgTransport };

function transport(cached: boolean): VpsorgTransport {
  const { baseUrl, token, timeoutMs, cacheTtlMs, retry, breaker } = resolveUpstream(parseEnv(process.env));
  return createVpsorgTransport({ baseUrl, token, timeoutMs, cacheTtlMs: cached ? cacheTtlMs : 0, retry, breaker });
}

/** The one VPS.org transport of this server process; the only reader of the token (lint keeps it so). */
export function vpsorg(): VpsorgTransport {
  holder[TRANSPORT] ??= transport(true);
  return holder[TRANSPORT];
}

/**
 * A transport without the read cache, for the account watcher: its polls must see what VPS.org holds
 * now (another instance's change does not clear this instance's cache).
 */
export function vpsorgUncached(): VpsorgTransport {
  holder[UNCACHED] ??= transport(false);
  return holder[UNCACHED];
}
