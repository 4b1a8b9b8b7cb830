import "server-only";
import { parseEnv, type UpstreamMode } from "@/lib/config/env-schema";

let cached: UpstreamMode | undefined;

/**
 * Which VPS.org this server talks to (the real one, or the embedded simulator), for the pages and the
 * health check. It reads no token: only lib/vpsorg/server.ts resolves the upstream with its token.
 */
export function upstreamMode(): UpstreamMode {
  cached ??= parseEnv(process.env).VPSORG_API_URL ? "provider" : "simulator";
  return cached;
}

let keyLimit: number | undefined;

/** Requests per minute one API key may make (API_KEY_RATE_LIMIT). */
export function apiKeyRateLimit(): number {
  keyLimit ??= parseEnv(process.env).API_KEY_RATE_LIMIT;
  return keyLimit;
}
