import "server-only";
import { serverHealth } from "@/lib/backup-health/health";
import type { FreshnessPolicies, ServerHealth } from "@/lib/backup-health/schemas";
import { effectivePolicy } from "@/lib/backup-health/server/policies";
import type { Backup } from "@/lib/backups/schemas";

/** What health reads of the watcher's picture. */
export interface HealthPicture {
  backups: readonly Pick<Backup, "id" | "status" | "created_at" | "server">[];
  servers: { results: readonly { id: number }[] };
  /** The latest poll's failure, while it lasts: VPS.org cannot be read, so every state is unknown. */
  error: unknown;
}

/** Every server's health in the picture, by server id. */
export function accountHealth(
  picture: HealthPicture,
  policies: FreshnessPolicies,
  now: Date = new Date(),
): Map<number, ServerHealth> {
  const byServer = new Map<number, Pick<Backup, "id" | "status" | "created_at">[]>();
  for (const backup of picture.backups) {
    const list = byServer.get(backup.server.id);
    if (list) list.push(backup);
    else byServer.set(backup.server.id, [backup]);
  }
  const healths = new Map<number, ServerHealth>();
  for (const server of picture.servers.results)
    healths.set(
      server.id,
      serverHealth({
        backups: byServer.get(server.id) ?? [],
        policy: effectivePolicy(policies, server.id),
        now,
        readable: !picture.error,
      }),
    );
  return healths;
}
