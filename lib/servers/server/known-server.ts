import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { ApiError } from "@/lib/http/server/api-error";
import { readSnapshot } from "@/lib/watcher/snapshot";

/**
 * A server the watcher's picture knows, for settings the dashboard keeps about servers (not VPS.org):
 * one it does not know is a 404, so no policy is kept for a mistyped id. Without a picture yet
 * (nobody watches) the id is taken as it is.
 */
export async function knownServer(
  db: Kysely<Database>,
  serverId: number,
): Promise<{ id: number; name: string | null }> {
  const snapshot = await readSnapshot(db);
  if (!snapshot) return { id: serverId, name: null };
  const server = snapshot.servers.results.find((candidate) => candidate.id === serverId);
  if (!server) throw new ApiError("not_found", `The account has no server ${serverId}.`);
  return { id: server.id, name: server.name };
}
