import "server-only";
import { parseEnv, resolveUpstream } from "@/lib/config/env-schema";
import { createVpsorgTransport, type VpsorgTransport } from "@/lib/vpsorg/transport";

// On globalThis rather than in a module variable: Next.js may load this module once per route
// bundle, and the cache, its invalidation and the circuit breaker only work if every route shares one.
const TRANSPORT = Symbol.for("vpsorg-dashboard.transport");
const holder = globalThis as typeof globalThis & { [TRANSPORT]?: VpsorgTransport };

/** The one VPS.org transport of this server process; the only reader of the token (lint keeps it so). */
export function vpsorg(): VpsorgTransport {
  if (!holder[TRANSPORT]) {
    const { baseUrl, token, timeoutMs, cacheTtlMs, retry, breaker } = resolveUpstream(parseEnv(process.env));
    holder[TRANSPORT] = createVpsorgTransport({ baseUrl, token, timeoutMs, cacheTtlMs, retry, breaker });
  }
  return holder[TRANSPORT];
}
