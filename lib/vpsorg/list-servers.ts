import "server-only";
import type { Server } from "@/lib/servers/schemas";
import { upstreamServerSchema, type UpstreamServer } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** GET /servers/ — every page, by name. */
export async function listServers(vpsorg: VpsorgTransport): Promise<Server[]> {
  const servers = await vpsorg.listAll("/servers/", {}, upstreamServerSchema);
  return servers.map(toServer).sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

function toServer(server: UpstreamServer): Server {
  return {
    id: server.id,
    name: server.name,
    status: server.status,
    hostname: server.hostname ?? null,
    ip_address: server.ip_address ?? null,
    location: server.location ?? null,
    plan: server.plan?.name ?? null,
    os: server.os?.name ?? null,
  };
}
