import "server-only";
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import * as z from "zod/mini";
import { backupSchema, type Backup, type ListedBackup } from "@/lib/backups/schemas";
import { withActors } from "@/lib/backups/server/with-actors";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { notifyChanges } from "@/lib/notifications/server/rules";
import type { ProviderServerList as ServerList } from "@/lib/servers/schemas";
import { changesBetween, type AccountEvent, type DashboardDeletion, type Picture } from "@/lib/watcher/changes";
import { componentLogger } from "@/lib/log/logger";

// The watcher's picture of the account in the store, shared by every instance: one row holding the
// latest backups and servers, a generation that counts the pictures that differed, an ETag computed
// once per generation, and the latest poll's failure beside the last good picture. Each new picture
// is compared with the one before (lib/watcher/changes.ts): the events it finds and the history of
// every backup are written in the same transaction as the picture, so they never disagree. Who
// created or restored each backup through the dashboard (the audit log) is written into the picture
// too, so an answer from it is the stored list, filtered: nothing is looked up per request. The
// notifications the changes call for are enqueued in that transaction too (lib/notifications/server/rules.ts).

export interface AccountPicture {
  /** Newest first. */
  backups: Backup[];
  servers: ServerList;
}

export interface PollFailure {
  code: string;
  message: string;
  /** ISO 8601 UTC: since when the polls fail. */
  since: string;
}

export interface Snapshot {
  /** Newest first, with who acted through the dashboard. */
  backups: ListedBackup[];
  servers: ServerList;
  generation: number;
  /** ISO 8601 UTC: when the picture was taken, or a change made through the dashboard folded into it. */
  takenAt: string;
  /** ISO 8601 UTC: the latest poll, successful or not. */
  polledAt: string | null;
  /** ISO 8601 UTC: the latest successful poll, when VPS.org last confirmed the picture. */
  confirmedAt: string | null;
  etag: string;
  /** The latest poll's failure, while it lasts. */
  error: PollFailure | null;
}

/** A change made through the dashboard, folded into the picture at once (before the watcher sees it). */
export type FoldedChange =
  | { kind: "created"; backup: Backup; actorEmail: string | null }
  | { kind: "deleted"; backupId: number; actorEmail: string | null }
  | { kind: "restoring"; serverId: number; actorEmail: string | null; backupId?: number }
  /** Protected or unprotected: nothing changes at VPS.org, the stored picture learns who protected it. */
  | { kind: "protection"; backupId: number; actorEmail: string | null };

/** The picture as the row holds it: the backups with who acted. */
interface StoredPicture {
  backups: ListedBackup[];
  servers: ServerList;
}

const SNAPSHOT_ID = 1;

const pictureOf = (picture: StoredPicture): Picture => ({
  backups: picture.backups,
  servers: picture.servers.results,
});

function etagOf(backupsJson: string, serversJson: string): string {
  return `"${createHash("sha256").update(backupsJson).update("\n").update(serversJson).digest("base64url").slice(0, 27)}"`;
}

/** Locks the snapshot row for this transaction (creating it the first time). */
async function lockedRow(trx: Kysely<Database>): Promise<{
  generation: number;
  backups: string | null;
  servers: string | null;
  error_since: Date | string | null;
  refresh_requested_at: Date | string | null;
}> {
  await trx
    .insertInto("account_snapshot")
    .values({ id: SNAPSHOT_ID, generation: 0 })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .execute();
  // An UPDATE takes PostgreSQL's row lock (SQLite's write lock is already held: writeTransaction).
  return trx
    .updateTable("account_snapshot")
    .set({ generation: sql`generation` })
    .where("id", "=", SNAPSHOT_ID)
    .returning(["generation", "backups", "servers", "error_since", "refresh_requested_at"])
    .executeTakeFirstOrThrow();
}

async function dashboardDeletions(trx: Kysely<Database>, ids: number[]): Promise<Map<number, DashboardDeletion>> {
  const deletions = new Map<number, DashboardDeletion>();
  if (ids.length === 0) return deletions;
  const rows = await trx
    .selectFrom("audit_log")
    .select(["backup_id", "actor_email", "created_at"])
    .where("action", "=", "backup.delete")
    // Deleted through the dashboard: a delete that succeeded, was reconciled, or is still only an
    // attempt (its instance died, or its answer is on its way) without a failure settling it.
    .where((eb) =>
      eb.or([
        eb("outcome", "in", ["success", "reconciled"]),
        eb.and([
          eb("outcome", "=", "attempt"),
          eb.not(
            eb.exists(
              eb
                .selectFrom("audit_log as settled")
                .select("settled.id")
                .whereRef("settled.attempt_id", "=", "audit_log.id")
                .where("settled.outcome", "in", ["failure", "unknown"]),
            ),
          ),
        ]),
      ]),
    )
    .where("backup_id", "in", ids.map(String))
    .orderBy("id", "asc")
    .execute();
  for (const row of rows)
    if (row.backup_id) deletions.set(Number(row.backup_id), { email: row.actor_email, at: toIso(row.created_at) });
  return deletions;
}

/**
 * Writes `next` as the account's picture: its events and the backups' history with it, a new
 * generation when it differs from the one before. Returns the generation and the events.
 */
async function writePicture(
  trx: Kysely<Database>,
  taken: AccountPicture,
  now: Date,
  options: { fold?: FoldedChange; clearError: boolean },
): Promise<{ generation: number; events: AccountEvent[] }> {
  const row = await lockedRow(trx);
  const previous: StoredPicture | null =
    row.backups !== null && row.servers !== null
      ? { backups: JSON.parse(row.backups) as ListedBackup[], servers: JSON.parse(row.servers) as ServerList }
      : null;
  const next: StoredPicture = { backups: await withActors(trx, taken.backups), servers: taken.servers };
  const backupsJson = JSON.stringify(next.backups);
  const serversJson = JSON.stringify(next.servers);
  const nowIso = now.toISOString();
  const same = row.backups === backupsJson && row.servers === serversJson;

  let events: AccountEvent[] = [];
  if (!same) {
    const nextIds = new Set(next.backups.map((backup) => backup.id));
    const vanished = (previous?.backups ?? []).filter((backup) => !nextIds.has(backup.id)).map((backup) => backup.id);
    const deletions = await dashboardDeletions(trx, vanished);
    const fold = options.fold;
    if (fold?.kind === "deleted") deletions.set(fold.backupId, { email: fold.actorEmail, at: nowIso });
    events = changesBetween(previous && pictureOf(previous), pictureOf(next), {
      now,
      deletedThroughDashboard: deletions,
    });
    // A backup made through the dashboard that a poll saw first: its creator is in the audit log.
    const creators = new Map(next.backups.map((backup) => [backup.id, backup.created_by?.email ?? null]));
    events = events.map((event) =>
      event.kind === "backup.started" && event.backupId !== null && creators.get(event.backupId)
        ? { ...event, actorEmail: creators.get(event.backupId)! }
        : event,
    );
    if (fold && (fold.kind === "created" || fold.kind === "restoring")) {
      // A change made here: the dashboard knows who made it.
      const concerns = (event: AccountEvent) =>
        fold.kind === "created"
          ? event.backupId === fold.backup.id
          : event.serverId === fold.serverId && !event.backupId;
      // A restore made here also knows from which backup (the provider's server status does not say).
      const detail: AccountEvent["detail"] =
        fold.kind === "restoring" && fold.backupId !== undefined ? { backup_id: fold.backupId } : {};
      events = events.map((event) =>
        concerns(event) ? { ...event, actorEmail: fold.actorEmail, detail: { ...event.detail, ...detail } } : event,
      );
    }
    await writeHistory(trx, previous, next, events, now);
    if (events.length > 0) {
      await trx
        .insertInto("account_event")
        .values(
          events.map((event) => ({
            at: event.at,
            kind: event.kind,
            server_id: event.serverId,
            server_name: event.serverName,
            backup_id: event.backupId,
            actor_email: event.actorEmail,
            detail: JSON.stringify(event.detail),
          })),
        )
        .execute();
    }
    // The notifications these changes call for, in the same transaction (the outbox).
    await notifyChanges(trx, events, previous?.backups ?? null, next.backups, now);
  }
  if (options.fold?.kind === "created" && options.fold.actorEmail) {
    // The watcher's poll saw the backup before its creator's instance folded it in (VPS.org had
    // made it, the audit entry was not written yet): the event it wrote learns who it was.
    await trx
      .updateTable("account_event")
      .set({ actor_email: options.fold.actorEmail })
      .where("backup_id", "=", options.fold.backup.id)
      .where("kind", "=", "backup.started")
      .where("actor_email", "is", null)
      .execute();
  }
  const generation = same ? row.generation : row.generation + 1;
  await trx
    .updateTable("account_snapshot")
    .set({
      generation,
      ...(same
        ? {}
        : { taken_at: nowIso, backups: backupsJson, servers: serversJson, etag: etagOf(backupsJson, serversJson) }),
      ...(options.fold ? {} : { polled_at: nowIso, confirmed_at: nowIso }),
      ...(options.clearError ? { error_code: null, error_message: null, error_since: null } : {}),
    })
    .where("id", "=", SNAPSHOT_ID)
    .execute();
  return { generation, events };
}

const HISTORY_BATCH = 200;

async function writeHistory(
  trx: Kysely<Database>,
  previous: StoredPicture | null,
  next: StoredPicture,
  events: AccountEvent[],
  now: Date,
): Promise<void> {
  const nowIso = now.toISOString();
  const before = new Map((previous?.backups ?? []).map((backup) => [backup.id, backup]));
  const changed = next.backups.filter((backup) => JSON.stringify(before.get(backup.id)) !== JSON.stringify(backup));
  for (let i = 0; i < changed.length; i += HISTORY_BATCH) {
    const batch = changed.slice(i, i + HISTORY_BATCH);
    await trx
      .insertInto("backup_history")
      .values(
        batch.map((backup) => ({
          backup_id: backup.id,
          server_id: backup.server.id,
          server_name: backup.server.name,
          backup_type: backup.backup_type,
          description: backup.description,
          status: backup.status,
          size_mb: backup.size_mb,
          created_at: backup.created_at,
          expires_at: backup.expires_at,
          // Seen completing (not on the baseline poll, where it may have completed long ago): when it was seen so.
          completed_at: backup.status === "completed" && previous !== null ? nowIso : null,
          first_seen_at: nowIso,
          last_seen_at: nowIso,
        })),
      )
      .onConflict((conflict) =>
        conflict.column("backup_id").doUpdateSet((eb) => ({
          server_name: eb.ref("excluded.server_name"),
          description: eb.ref("excluded.description"),
          status: eb.ref("excluded.status"),
          size_mb: eb.ref("excluded.size_mb"),
          expires_at: eb.ref("excluded.expires_at"),
          completed_at: sql`coalesce(backup_history.completed_at, case when excluded.status = 'completed' then excluded.last_seen_at end)`,
          last_seen_at: nowIso,
          vanished_at: null,
          vanish_reason: null,
          deleted_by: null,
        })),
      )
      .execute();
  }
  await trx.updateTable("backup_history").set({ last_seen_at: nowIso }).where("vanished_at", "is", null).execute();
  for (const event of events) {
    if (event.backupId === null || (event.kind !== "backup.deleted" && event.kind !== "backup.expired")) continue;
    await trx
      .updateTable("backup_history")
      .set({
        vanished_at: nowIso,
        vanish_reason:
          event.kind === "backup.expired"
            ? "expired"
            : event.detail.by === "dashboard"
              ? "deleted"
              : "deleted_elsewhere",
        deleted_by: event.actorEmail,
      })
      .where("backup_id", "=", event.backupId)
      .execute();
  }
}

/**
 * Records a successful poll's picture, read from VPS.org from `startedAt` on. A poll that began
 * before an instance folded a change in (or asked for a refresh) may have read VPS.org before the
 * change: written, it would undo the fold for a moment (a new backup "deleted", then "started"
 * again). It is not written (`superseded`), and the watcher polls again at once.
 */
export function recordPoll(
  db: Kysely<Database>,
  picture: AccountPicture,
  now: Date = new Date(),
  startedAt: Date = now,
): Promise<{ generation: number; events: AccountEvent[]; superseded: boolean }> {
  return writeTransaction(db, async (trx) => {
    const row = await lockedRow(trx);
    if (row.refresh_requested_at !== null && Date.parse(toIso(row.refresh_requested_at)) > startedAt.getTime())
      return { generation: row.generation, events: [], superseded: true };
    return { ...(await writePicture(trx, picture, now, { clearError: true })), superseded: false };
  });
}

/** Records a failed poll: the last good picture stays, with the failure (and since when) beside it. */
export async function recordPollFailure(
  db: Kysely<Database>,
  failure: { code: string; message: string },
  now: Date = new Date(),
): Promise<void> {
  await writeTransaction(db, async (trx) => {
    const row = await lockedRow(trx);
    await trx
      .updateTable("account_snapshot")
      .set({
        polled_at: now.toISOString(),
        error_code: failure.code,
        error_message: failure.message.slice(0, 2000),
        error_since: row.error_since === null ? now.toISOString() : toIso(row.error_since),
      })
      .where("id", "=", SNAPSHOT_ID)
      .execute();
  });
}

function applied(picture: AccountPicture, change: FoldedChange): AccountPicture {
  switch (change.kind) {
    case "created":
      return {
        ...picture,
        // Only the backup's own fields (a create's answer also carries the provider's message).
        backups: [z.parse(backupSchema, change.backup), ...picture.backups.filter((b) => b.id !== change.backup.id)],
      };
    case "deleted":
      return { ...picture, backups: picture.backups.filter((backup) => backup.id !== change.backupId) };
    case "protection":
      return picture;
    case "restoring":
      return {
        ...picture,
        servers: {
          ...picture.servers,
          results: picture.servers.results.map((server) =>
            server.id === change.serverId && server.status !== null ? { ...server, status: "restoring" } : server,
          ),
        },
      };
  }
}

/**
 * Folds a change made through this instance into the picture at once, so its user (and every
 * instance, at its next read) sees it before the watcher's next poll, and asks the watcher for one.
 * Without a picture yet there is nothing to fold into: only the refresh is asked for.
 */
export async function foldChange(
  db: Kysely<Database>,
  change: FoldedChange,
  now: Date = new Date(),
): Promise<{ generation: number; events: AccountEvent[] } | null> {
  return writeTransaction(db, async (trx) => {
    const row = await lockedRow(trx);
    // A protection changes nothing at VPS.org: there is nothing new for the watcher to read.
    if (change.kind !== "protection") {
      await trx
        .updateTable("account_snapshot")
        .set({ refresh_requested_at: now.toISOString() })
        .where("id", "=", SNAPSHOT_ID)
        .execute();
    }
    if (row.backups === null || row.servers === null) return null;
    const current = { backups: JSON.parse(row.backups) as Backup[], servers: JSON.parse(row.servers) as ServerList };
    // The stored actors are looked up again with the change (its audit entry is already written).
    return writePicture(trx, applied(current, change), now, { fold: change, clearError: false });
  });
}

/** When someone last asked for a refresh (null: never). */
export async function refreshRequestedAt(db: Kysely<Database>): Promise<Date | null> {
  const row = await db
    .selectFrom("account_snapshot")
    .select("refresh_requested_at")
    .where("id", "=", SNAPSHOT_ID)
    .executeTakeFirst();
  return row?.refresh_requested_at ? new Date(toIso(row.refresh_requested_at)) : null;
}

/** Asks the watcher's holder for a poll now, as a folded change does, without changing the picture. */
export async function requestRefresh(db: Kysely<Database>, now: Date = new Date()): Promise<void> {
  await db
    .insertInto("account_snapshot")
    .values({ id: SNAPSHOT_ID, generation: 0, refresh_requested_at: now.toISOString() })
    .onConflict((conflict) => conflict.column("id").doUpdateSet({ refresh_requested_at: now.toISOString() }))
    .execute();
}

// Parsing a picture of 5,000 backups takes milliseconds: each instance keeps the latest it read and
// reads the row again only when the generation moved (one small query per request).
const CACHE = Symbol.for("vpsorg-dashboard.snapshot-cache");
const holder = globalThis as typeof globalThis & {
  [CACHE]?: WeakMap<object, { generation: number; picture: StoredPicture; etag: string; takenAt: string }>;
};

/** The latest picture with its failure, or null when the watcher has not taken one yet. */
export async function readSnapshot(db: Kysely<Database>): Promise<Snapshot | null> {
  const head = await db
    .selectFrom("account_snapshot")
    .select([
      "generation",
      "taken_at",
      "polled_at",
      "confirmed_at",
      "etag",
      "error_code",
      "error_message",
      "error_since",
    ])
    .where("id", "=", SNAPSHOT_ID)
    .executeTakeFirst();
  if (!head || head.generation === 0 || !head.etag || !head.taken_at) return null;
  holder[CACHE] ??= new WeakMap();
  let cached = holder[CACHE].get(db);
  if (!cached || cached.generation !== head.generation) {
    const row = await db
      .selectFrom("account_snapshot")
      .select(["generation", "backups", "servers", "etag", "taken_at"])
      .where("id", "=", SNAPSHOT_ID)
      .executeTakeFirstOrThrow();
    if (row.backups === null || row.servers === null || row.etag === null || row.taken_at === null) return null;
    cached = {
      generation: row.generation,
      picture: { backups: JSON.parse(row.backups) as ListedBackup[], servers: JSON.parse(row.servers) as ServerList },
      etag: row.etag,
      takenAt: toIso(row.taken_at),
    };
    holder[CACHE].set(db, cached);
  }
  return {
    ...cached.picture,
    generation: cached.generation,
    takenAt: cached.takenAt,
    polledAt: head.polled_at ? toIso(head.polled_at) : null,
    confirmedAt: head.confirmed_at ? toIso(head.confirmed_at) : null,
    etag: cached.etag,
    error:
      head.error_code && head.error_since
        ? { code: head.error_code, message: head.error_message ?? "", since: toIso(head.error_since) }
        : null,
  };
}

/**
 * After a change made through this instance: folds it in and asks for a refresh (foldChange). It
 * never fails the request that made the change — VPS.org did it, and the watcher's next poll sees it.
 */
export async function foldAfterChange(db: Kysely<Database>, change: FoldedChange): Promise<void> {
  try {
    await foldChange(db, change);
  } catch (error) {
    componentLogger("watcher").warn({ err: error }, `the ${change.kind} change could not be folded into the picture`);
  }
}
