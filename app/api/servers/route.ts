import { defineRoute, revalidatableJson } from "@/lib/api/route";
import { serverListSchema, type Server } from "@/lib/servers/schemas";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { listBackups } from "@/lib/vpsorg/list-backups";
import { listServers } from "@/lib/vpsorg/list-servers";
import { vpsorg } from "@/lib/vpsorg/server";

// GET /api/servers – the account's servers; from the backups when the token may not read servers; ETag / 304
export const GET = defineRoute({ permission: { server: ["list"] } }, async ({ request }) => {
  try {
    const results = await listServers(vpsorg());
    return revalidatableJson(request, serverListSchema, { count: results.length, results, source: "provider", notice: null });
  } catch (error) {
    if (!(error instanceof VpsorgError && error.kind === "forbidden")) throw error;
  }
  const results = serversNamedIn(await listBackups(vpsorg()));
  return revalidatableJson(request, serverListSchema, {
    count: results.length,
    results,
    source: "backups",
    notice: "The VPS.org token may not read the Servers API, so these are the servers named in the backups: servers without backups and every server's status are missing.",
  });
});

function serversNamedIn(backups: { server: { id: number; name: string } }[]): Server[] {
  const byId = new Map<number, Server>();
  for (const { server } of backups) {
    if (!byId.has(server.id)) {
      byId.set(server.id, { id: server.id, name: server.name, status: null, hostname: null, ip_address: null, location: null, plan: null, os: null });
    }
  }
  return [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
