import "server-only";
import { randomBytes } from "node:crypto";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import type { NotificationKind } from "@/lib/notifications/kinds";
import { envChannels } from "@/lib/notifications/server/env-channels";

// The transactional outbox: a notification is written in the same transaction as the change that
// caused it (the watcher's picture, lib/watcher/snapshot.ts), with one delivery for each channel that
// exists then (a channel added later gets no old events; a paused one gets none while paused). The
// delivery loop (./delivery.ts) sends them, with retries, from any instance.

export type { NotificationKind } from "@/lib/notifications/kinds";

export interface NotificationInput {
  /** The dedupe key: enqueuing the same key twice makes one notification. */
  key: string;
  kind: NotificationKind;
  /** ISO 8601 UTC: when it happened. */
  at: string;
  server: { id: number; name: string } | null;
  backupId: number | null;
  detail: Record<string, unknown>;
  /** The dashboard's path to link to, e.g. "/servers/12" (the message links to BETTER_AUTH_URL + path). */
  path: string;
}

/** A new notification's id: also every attempt's `webhook-id`, so receivers can deduplicate. */
export function newNotificationId(): string {
  return `msg_${randomBytes(16).toString("base64url")}`;
}

/** Every channel a new notification goes to now: the stored ones not paused, and the environment's. */
async function activeChannels(trx: Kysely<Database>): Promise<string[]> {
  const stored = await trx
    .selectFrom("notification_channel")
    .select("id")
    .where("paused", "=", 0)
    .orderBy("id")
    .execute();
  return [...stored.map((row) => String(row.id)), ...envChannels().map((channel) => channel.id)];
}

/** Whether any channel would receive a notification enqueued now. */
export async function hasActiveChannels(db: Kysely<Database>): Promise<boolean> {
  return (await activeChannels(db)).length > 0;
}

/**
 * Enqueues `n` inside `trx` (the transaction of the change that caused it): nothing when its key is
 * already in the outbox, else the notification and one pending delivery per channel existing now.
 */
export async function enqueueNotification(trx: Kysely<Database>, n: NotificationInput): Promise<void> {
  await writeNotification(trx, n, await activeChannels(trx));
}

/** Writes `n` for exactly `channels`; returns its id, or null when the key was already there. */
export async function writeNotification(
  trx: Kysely<Database>,
  n: NotificationInput,
  channels: string[],
  now: Date = new Date(),
): Promise<string | null> {
  const id = newNotificationId();
  const nowIso = now.toISOString();
  const inserted = await trx
    .insertInto("notification")
    .values({
      id,
      key: n.key.slice(0, 500),
      kind: n.kind,
      at: n.at,
      server_id: n.server?.id ?? null,
      server_name: n.server?.name ?? null,
      backup_id: n.backupId,
      detail: JSON.stringify(n.detail),
      path: n.path,
      created_at: nowIso,
    })
    .onConflict((conflict) => conflict.column("key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return null;
  if (channels.length > 0) {
    await trx
      .insertInto("notification_delivery")
      .values(
        channels.map((channel) => ({
          notification_id: id,
          channel,
          state: "pending" as const,
          attempts: 0,
          next_at: nowIso,
          created_at: nowIso,
        })),
      )
      .execute();
  }
  return id;
}
