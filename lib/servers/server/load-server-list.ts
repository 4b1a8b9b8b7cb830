import "server-only";
import { accountHealth } from "@/lib/backup-health/server/account-health";
import { readPolicies } from "@/lib/backup-health/server/policies";
import type { ProviderServerList, Server, ServerList } from "@/lib/servers/schemas";
import type { Store } from "@/lib/store/store";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { listBackups } from "@/lib/vpsorg/list-backups";
import { listServers } from "@/lib/vpsorg/list-servers";
import type { UpstreamServer } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { freshnessOf, servingSnapshot, snapshotAnswerETag } from "@/lib/watcher/serving";

/**
 * The servers `GET /api/servers` answers (and the page's first render shows): from the watcher's
 * picture, with its ETag, or from VPS.org directly when nobody watches (lib/watcher/serving.ts).
 * From the picture each server carries its backup health (lib/backup-health), which is part of the
 * ETag: a server turning late is a new answer even when the picture did not change.
 */
export async function loadServerList(
  store: Store,
  upstream: VpsorgTransport,
): Promise<{ list: ServerList; etag: string | null }> {
  const snapshot = await servingSnapshot(store.db);
  if (!snapshot) return { list: { ...(await fetchServerList(upstream)), ...freshnessOf(null) }, etag: null };
  const healths = accountHealth(snapshot, await readPolicies(store.db));
  const results = snapshot.servers.results.map((server) => ({ ...server, health: healths.get(server.id) }));
  return {
    list: { ...snapshot.servers, results, ...freshnessOf(snapshot) },
    etag: snapshotAnswerETag(
      snapshot,
      "servers",
      results.map((server) => server.health),
    ),
  };
}

/** The account's servers from VPS.org, or named in the backups when the token may not read servers. */
export async function fetchServerList(upstream: VpsorgTransport): Promise<ProviderServerList> {
  try {
    const results = byName((await listServers(upstream)).map(toServer));
    return { count: results.length, results, source: "provider", notice: null };
  } catch (error) {
    if (!(error instanceof VpsorgError && error.kind === "forbidden")) throw error;
  }
  const results = serversNamedIn(await listBackups(upstream));
  return {
    count: results.length,
    results,
    source: "backups",
    notice:
      "The VPS.org token may not read the Servers API, so these are the servers named in the backups: servers without backups and every server's status are missing.",
  };
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

function serversNamedIn(backups: { server: { id: number; name: string } }[]): Server[] {
  const byId = new Map<number, Server>();
  for (const { server } of backups) {
    if (!byId.has(server.id)) {
      byId.set(server.id, {
        id: server.id,
        name: server.name,
        status: null,
        hostname: null,
        ip_address: null,
        location: null,
        plan: null,
        os: null,
      });
    }
  }
  return byName([...byId.values()]);
}

function byName(servers: Server[]): Server[] {
  return servers.sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}
