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
