import "server-only";
import type { Kysely } from "kysely";
import { MANUAL_BACKUP_LIMIT } from "@/lib/backups/limits";
import type { Backup } from "@/lib/backups/schemas";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { enqueueNotification } from "@/lib/notifications/server/outbox";

// The rules that turn what the watcher saw into notifications. `notifyChanges` runs inside the
// transaction that writes the picture and its events (lib/watcher/snapshot.ts writePicture), so a
// notification exists exactly when its change does; `notifyProviderHealth` runs in the watcher's
// step, remembering in the store (notification_rule_state) which outage it has already told about.

/** The watcher's event as the rules read it (lib/watcher/changes.ts AccountEvent). */
export interface WatchedEvent {
  kind: string;
  at: string;
  serverId: number | null;
  serverName: string | null;
  backupId: number | null;
  detail: Record<string, string | number | null>;
}

const serverPath = (serverId: number | null) => (serverId === null ? "/" : `/servers/${serverId}`);
const serverOf = (event: { serverId: number | null; serverName: string | null }) =>
  event.serverId === null ? null : { id: event.serverId, name: event.serverName ?? `#${event.serverId}` };

function manualCounts(backups: readonly Backup[]): Map<number, { count: number; name: string }> {
  const counts = new Map<number, { count: number; name: string }>();
  for (const backup of backups) {
    if (backup.backup_type !== "manual") continue;
    const entry = counts.get(backup.server.id) ?? { count: 0, name: backup.server.name };
    entry.count++;
    counts.set(backup.server.id, entry);
  }
  return counts;
}

/**
 * Enqueues what this picture's changes call for: a failed backup, a restore that ended (well: the
 * server is `active` again; badly: it came out `stopped` or `suspended`), and a server reaching 9 and
 * 10 manual backups (once per crossing). `previous` null is the baseline poll: nothing to tell.
 */
export async function notifyChanges(
  trx: Kysely<Database>,
  events: readonly WatchedEvent[],
  previous: readonly Backup[] | null,
  next: readonly Backup[],
  now: Date,
): Promise<void> {
  if (previous === null) return;
  for (const event of events) {
    if (event.kind === "backup.failed" && event.backupId !== null) {
      await enqueueNotification(trx, {
        key: `backup.failed:${event.backupId}`,
        kind: "backup.failed",
        at: event.at,
        server: serverOf(event),
        backupId: event.backupId,
        detail: { description: event.detail.description ?? null, backup_type: event.detail.backup_type ?? null },
        path: serverPath(event.serverId),
      });
    } else if (event.kind === "server.restored") {
      const ok = event.detail.to === "active";
      await enqueueNotification(trx, {
        key: `restore:${event.serverId}:${event.at}`,
        kind: ok ? "restore.finished" : "restore.failed",
        at: event.at,
        server: serverOf(event),
        backupId: typeof event.detail.backup_id === "number" ? event.detail.backup_id : null,
        detail: { status: event.detail.to ?? null },
        path: serverPath(event.serverId),
      });
    }
  }
  const before = manualCounts(previous);
  for (const [serverId, { count, name }] of manualCounts(next)) {
    const was = before.get(serverId)?.count ?? 0;
    const crossed =
      was < MANUAL_BACKUP_LIMIT && count >= MANUAL_BACKUP_LIMIT
        ? ("quota.full" as const)
        : was < MANUAL_BACKUP_LIMIT - 1 && count >= MANUAL_BACKUP_LIMIT - 1
          ? ("quota.near" as const)
          : null;
    if (!crossed) continue;
    await enqueueNotification(trx, {
      key: `${crossed}:${serverId}:${now.toISOString()}`,
      kind: crossed,
      at: now.toISOString(),
      server: { id: serverId, name },
      backupId: null,
      detail: { count, limit: MANUAL_BACKUP_LIMIT },
      path: serverPath(serverId),
    });
  }
}

/** Failures that mean VPS.org is down for the dashboard: unreachable, failing, or refusing the token. */
const DOWN_CODES = new Set(["provider_unavailable", "provider_timeout", "provider_token_rejected"]);
const PROVIDER_STATE = "provider.down";

/**
 * After each poll: VPS.org failing for longer than `downMs` is told once (provider.down), and its
 * recovery once after that (provider.recovered). The outage told about is kept in the store, so
 * another instance taking the watcher over, or a restart, does not tell it again.
 */
export async function notifyProviderHealth(
  db: Kysely<Database>,
  downMs: number,
  now: Date = new Date(),
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const snapshot = await trx
      .selectFrom("account_snapshot")
      .select(["error_since", "error_code", "error_message"])
      .where("id", "=", 1)
      .executeTakeFirst();
    const state = await trx
      .selectFrom("notification_rule_state")
      .select("value")
      .where("name", "=", PROVIDER_STATE)
      .executeTakeFirst();
    const told = state?.value ?? null;
    const since = snapshot?.error_since ? toIso(snapshot.error_since) : null;
    const down =
      since !== null && DOWN_CODES.has(snapshot?.error_code ?? "") && now.getTime() - Date.parse(since) >= downMs;
    const remember = (value: string | null) =>
      trx
        .insertInto("notification_rule_state")
        .values({ name: PROVIDER_STATE, value, updated_at: now.toISOString() })
        .onConflict((conflict) => conflict.column("name").doUpdateSet({ value, updated_at: now.toISOString() }))
        .execute();
    if (down && told !== since) {
      await enqueueNotification(trx, {
        key: `provider.down:${since}`,
        kind: "provider.down",
        at: now.toISOString(),
        server: null,
        backupId: null,
        detail: { since, code: snapshot?.error_code ?? null, message: (snapshot?.error_message ?? "").slice(0, 300) },
        path: "/",
      });
      await remember(since);
    } else if (since === null && told !== null) {
      await enqueueNotification(trx, {
        key: `provider.recovered:${told}`,
        kind: "provider.recovered",
        at: now.toISOString(),
        server: null,
        backupId: null,
        detail: { since: told },
        path: "/",
      });
      await remember(null);
    }
  });
}
