import "server-only";
import { parseEnv, resolveUpstream, type UpstreamConfig } from "@/lib/config/env-schema";

let cached: UpstreamConfig | undefined;

/** The upstream configuration of this server process, parsed once. */
export function upstreamConfig(): UpstreamConfig {
  cached ??= resolveUpstream(parseEnv(process.env));
  return cached;
}
