import "server-only";
import type { Kysely } from "kysely";
import type { HealthState, ServerHealth } from "@/lib/backup-health/schemas";
import { accountHealth } from "@/lib/backup-health/server/account-health";
import { readPolicies } from "@/lib/backup-health/server/policies";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import type { Snapshot } from "@/lib/watcher/snapshot";

// Which servers the team is told about: each server's last known health is kept in the store
// (`server_health_state`), so a server that turns late or is never backed up is reported once per
// transition, not per poll, with a reminder at most daily while it stays so — across instances and
// restarts. The watcher's holder runs this after each successful poll, in one transaction with the
// notifications it causes (the outbox). While VPS.org cannot be read nothing changes: `unknown` is no
// transition, so a server late before an outage is not reported again after it.
//
// A server the watcher sees for the first time without any completed backup is given its threshold
// from then before it is reported (a server just made has had no night yet). The first time there is
// a channel to tell, the servers already late or never backed up are reported together, once, in
// one `health.report`, rather than silently taken as the starting point.

const HOUR_MS = 60 * 60 * 1000;
export const REMINDER_EVERY_MS = 24 * HOUR_MS;
/** The row that says the first report was made (server ids are positive). */
const REPORTED = 0;
/** The row each run locks first (PostgreSQL's row lock; SQLite's write lock is held already), so two runs take turns. */
const LOCK = -1;

/** What this module asks the outbox to send (the notifications' own module renders and delivers it). */
export interface HealthNotification {
  key: string;
  kind: "server.late" | "server.never" | "health.report";
  at: string;
  server: { id: number; name: string } | null;
  backupId: number | null;
  detail: Record<string, unknown>;
  path: string;
}

export type Enqueue = (trx: Kysely<Database>, notification: HealthNotification) => Promise<void>;

const TOLD: ReadonlySet<HealthState> = new Set(["late", "never"]);

interface StateRow {
  server_id: number;
  state: string;
  since: Date | string;
  notified_at: Date | string | null;
}

/** Whether `health` is due to be told (first time, or a daily reminder) given its stored row. */
function dueToTell(health: ServerHealth, row: { since: number; notifiedAt: number | null }, now: number): boolean {
  if (!TOLD.has(health.state)) return false;
  if (row.notifiedAt !== null) return now - row.notifiedAt >= REMINDER_EVERY_MS;
  // Never backed up: only once its threshold has passed since the watcher first saw it so (a server
  // new to the watcher, or one whose last backup went, has had no night yet).
  if (health.state === "never") return now - row.since >= health.late_after_hours * HOUR_MS;
  return true;
}

function notificationOf(
  health: ServerHealth,
  server: { id: number; name: string },
  reminder: boolean,
  now: Date,
): HealthNotification {
  const kind = health.state === "late" ? "server.late" : "server.never";
  // One key per state and day it is told: the same poll on two instances, or a retried transaction, makes one.
  return {
    key: `${kind}:${server.id}:${reminder ? "reminder:" : ""}${now.toISOString().slice(0, 10)}`,
    kind,
    at: now.toISOString(),
    server,
    backupId: health.latest_completed_id,
    detail: {
      reminder,
      late_after_hours: health.late_after_hours,
      latest_completed_at: health.latest_completed_at,
      late_since: health.late_since,
    },
    path: `/servers/${server.id}`,
  };
}

/**
 * Brings `server_health_state` up to the picture's health and enqueues what the team must be told.
 * Returns the notifications enqueued.
 */
export async function trackHealthTransitions(
  db: Kysely<Database>,
  snapshot: Pick<Snapshot, "backups" | "servers" | "error">,
  { enqueue, channels }: { enqueue: Enqueue; /** Whether any channel would receive them. */ channels: boolean },
  now: Date = new Date(),
): Promise<HealthNotification[]> {
  if (snapshot.error) return [];
  const healths = accountHealth(snapshot, await readPolicies(db), now);
  const names = new Map(snapshot.servers.results.map((server) => [server.id, server.name]));
  const nowIso = now.toISOString();
  return writeTransaction(db, async (trx) => {
    await trx
      .insertInto("server_health_state")
      .values({ server_id: LOCK, state: "lock", since: nowIso, notified_at: null })
      .onConflict((conflict) => conflict.column("server_id").doUpdateSet({ since: nowIso }))
      .execute();
    const rows = (await trx
      .selectFrom("server_health_state")
      .selectAll()
      .where("server_id", "!=", LOCK)
      .execute()) as StateRow[];
    const byServer = new Map(rows.map((row) => [row.server_id, row]));
    // The first report waits for the first channel: until then the states are only kept.
    const firstReport = !byServer.has(REPORTED) && channels;
    const quiet = !byServer.has(REPORTED) && !channels;
    const told: HealthNotification[] = [];
    const reported: { id: number; name: string; state: HealthState; latest_completed_at: string | null }[] = [];

    for (const [serverId, health] of healths) {
      const server = { id: serverId, name: names.get(serverId) ?? String(serverId) };
      const row = byServer.get(serverId);
      const changed = !row || row.state !== health.state;
      const since = changed ? now.getTime() : Date.parse(toIso(row.since));
      const notifiedAt = changed || !row.notified_at ? null : Date.parse(toIso(row.notified_at));
      let tellNow = false;
      if (quiet) {
        // Nobody to tell yet.
      } else if (firstReport) {
        if (TOLD.has(health.state)) {
          reported.push({ ...server, state: health.state, latest_completed_at: health.latest_completed_at });
          tellNow = true;
        }
      } else if (dueToTell(health, { since, notifiedAt }, now.getTime())) {
        const notification = notificationOf(health, server, notifiedAt !== null, now);
        await enqueue(trx, notification);
        told.push(notification);
        tellNow = true;
      }
      const values = {
        state: health.state,
        since: new Date(since).toISOString(),
        notified_at: tellNow ? nowIso : notifiedAt === null ? null : new Date(notifiedAt).toISOString(),
      };
      if (!row)
        await trx
          .insertInto("server_health_state")
          .values({ server_id: serverId, ...values })
          .execute();
      else if (changed || tellNow)
        await trx.updateTable("server_health_state").set(values).where("server_id", "=", serverId).execute();
    }
    // Servers gone from the account: forgotten (one that comes back starts afresh).
    const gone = rows.map((row) => row.server_id).filter((id) => id !== REPORTED && !healths.has(id));
    if (gone.length > 0) await trx.deleteFrom("server_health_state").where("server_id", "in", gone).execute();

    if (firstReport) {
      await trx
        .insertInto("server_health_state")
        .values({ server_id: REPORTED, state: "reported", since: nowIso, notified_at: reported.length ? nowIso : null })
        .execute();
      if (reported.length > 0) {
        const notification: HealthNotification = {
          key: "health.report:first",
          kind: "health.report",
          at: nowIso,
          server: null,
          backupId: null,
          detail: { servers: reported },
          path: "/",
        };
        await enqueue(trx, notification);
        told.push(notification);
      }
    }
    return told;
  });
}
