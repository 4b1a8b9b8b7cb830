import "server-only";
import { upstreamConfig } from "@/lib/config/server-config";
import { createVpsorgTransport, type VpsorgTransport } from "@/lib/vpsorg/transport";

// On globalThis rather than in a module variable: Next.js may load this module once per route
// bundle, and the cache, its invalidation and the circuit breaker only work if every route shares one.
const TRANSPORT = Symbol.for("vpsorg-dashboard.transport");
const holder = globalThis as typeof globalThis & { [TRANSPORT]?: VpsorgTransport };

/** The one VPS.org transport of this server process; the only reader of the token. */
export function vpsorg(): VpsorgTransport {
  if (!holder[TRANSPORT]) {
    const { baseUrl, token, timeoutMs, cacheTtlMs, retry, breaker } = upstreamConfig();
    holder[TRANSPORT] = createVpsorgTransport({ baseUrl, token, timeoutMs, cacheTtlMs, retry, breaker });
  }
  return holder[TRANSPORT];
}
