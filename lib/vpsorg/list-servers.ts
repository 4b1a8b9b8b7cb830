import "server-only";
import { upstreamServerSchema, type UpstreamServer } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** GET /servers/ — every page, in the provider's order. */
export function listServers(vpsorg: VpsorgTransport): Promise<UpstreamServer[]> {
  return vpsorg.listAll("/servers/", {}, upstreamServerSchema);
}
