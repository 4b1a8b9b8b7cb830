import "server-only";
import type { Server } from "@/lib/servers/schemas";
import type { HistoryPoint, HistoryRestore } from "@/lib/servers/history-schemas";
import { historyPoints, historyRestoreOf, type AuditRow } from "@/lib/servers/history-series";
import { loadServerList } from "@/lib/servers/server/load-server-list";
import type { Store } from "@/lib/store/store";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

// One server's history for GET /api/servers/{serverId}/history and the page /servers/{serverId}:
// every backup the watcher ever saw of it (backup_history, vanished ones too, so it reaches past
// VPS.org's retention) and its restores through the dashboard (the audit log's `server.restore`
// attempts with their outcomes). The events are the events feature's (the route and the page add them).

export interface ServerHistoryCore {
  server: Server | null;
  server_id: number;
  server_name: string;
  days: number;
  since: string;
  points: HistoryPoint[];
  restores: HistoryRestore[];
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

/**
 * The server's history over the last `days`, or null when the dashboard has never heard of it:
 * neither the watcher's picture (or VPS.org, when nobody watches) lists it nor has its history a backup of it.
 */
export async function loadServerHistory(
  store: Store,
  upstream: VpsorgTransport,
  serverId: number,
  days: number,
  now: Date = new Date(),
): Promise<ServerHistoryCore | null> {
  // From the start of this minute: the window (and so the body and its ETag) stays the same between
  // two polls of one minute, so a poll that finds nothing new is a 304.
  const since = new Date(Math.floor(now.getTime() / MINUTE_MS) * MINUTE_MS - days * DAY_MS);
  const db = store.db;
  const [servers, rows, attempts] = await Promise.all([
    loadServerList(store, upstream),
    // All of the server's rows (the index is on server_id, created_at): created_at is VPS.org's own
    // text, so the window is applied once it is parsed (historyPoints), not by comparing strings.
    db
      .selectFrom("backup_history")
      .select([
        "backup_id",
        "server_name",
        "backup_type",
        "description",
        "status",
        "size_mb",
        "created_at",
        "completed_at",
        "vanished_at",
        "vanish_reason",
        "deleted_by",
        "last_seen_at",
      ])
      .where("server_id", "=", serverId)
      .execute(),
    db
      .selectFrom("audit_log")
      .select(["id", "created_at", "actor_email", "backup_id", "outcome", "error_code", "error_message"])
      .where("action", "=", "server.restore")
      .where("outcome", "=", "attempt")
      .where("server_id", "=", String(serverId))
      .where("created_at", ">=", since.toISOString())
      .orderBy("id", "desc")
      .execute(),
  ]);
  const server = servers.list.results.find((candidate) => candidate.id === serverId) ?? null;
  if (!server && rows.length === 0) return null;
  const settled = new Map<number, AuditRow>();
  if (attempts.length > 0) {
    const outcomes = await db
      .selectFrom("audit_log")
      .select(["id", "created_at", "actor_email", "backup_id", "outcome", "error_code", "error_message", "attempt_id"])
      .where(
        "attempt_id",
        "in",
        attempts.map((attempt) => Number(attempt.id)),
      )
      .execute();
    for (const outcome of outcomes) if (outcome.attempt_id !== null) settled.set(Number(outcome.attempt_id), outcome);
  }
  const seen = (value: Date | string) => new Date(value).getTime();
  const latest = [...rows].sort((a, b) => seen(b.last_seen_at) - seen(a.last_seen_at))[0];
  return {
    server,
    server_id: serverId,
    server_name: server?.name ?? latest?.server_name ?? `#${serverId}`,
    days,
    since: since.toISOString(),
    points: historyPoints(rows, since),
    restores: attempts.map((attempt) => historyRestoreOf(attempt, settled.get(Number(attempt.id)))),
  };
}
