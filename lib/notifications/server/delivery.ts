import "server-only";
import type { Kysely, Selectable } from "kysely";
import type { Database, NotificationDeliveryTable } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { isSqlite } from "@/lib/db/write-transaction";
import { newHolderId } from "@/lib/jobs/lease";
import { componentLogger, type Logger } from "@/lib/log/logger";
import { nextAttemptAt } from "@/lib/notifications/backoff";
import {
  channelKinds,
  channelLocales,
  notificationKinds,
  type ChannelKind,
  type ChannelLocale,
} from "@/lib/notifications/kinds";
import { envChannels } from "@/lib/notifications/server/env-channels";
import type { NotifyConfig } from "@/lib/notifications/server/notify-env";
import { renderNotification, type StoredNotification } from "@/lib/notifications/server/render";
import { openSecret } from "@/lib/notifications/server/secret-box";
import { sendNotification, type SendResult, type SendTarget } from "@/lib/notifications/server/senders";

// The delivery loop, on every instance: it claims due deliveries in the store — an UPDATE that takes
// only rows whose claim has run out (with FOR UPDATE SKIP LOCKED on PostgreSQL), the way
// lib/jobs/lease.ts holds leases — so each is sent by one instance at a time, across restarts too
// (a crashed instance's claim simply expires). Sends run concurrently, at most MAX_IN_FLIGHT, each
// within NOTIFY_TIMEOUT_MS, on their own timers: a slow or dead channel delays neither the watcher nor
// another channel. Every attempt is recorded; failures are retried with backoff for a day (../backoff.ts).

const TICK_MS = 500;
const MAX_IN_FLIGHT = 8;
/** How long a paused channel's pending deliveries wait before they are looked at again. */
const PAUSED_RECHECK_MS = 60_000;

export interface DeliveryDeps {
  db: Kysely<Database>;
  /** BETTER_AUTH_SECRET: the key of the channels' secrets. */
  authSecret: string;
  /** BETTER_AUTH_URL: the messages link back to it. */
  baseUrl: string;
  config: NotifyConfig;
  /** Where its lines go (default: the `notifications` component's logger). */
  log?: Logger;
}

type DeliveryRow = Selectable<NotificationDeliveryTable>;

/** Claims up to `limit` due deliveries for `holder` until `now + claimMs`. */
export async function claimDeliveries(
  db: Kysely<Database>,
  holder: string,
  limit: number,
  claimMs: number,
  now: Date = new Date(),
): Promise<DeliveryRow[]> {
  const nowIso = now.toISOString();
  const until = new Date(now.getTime() + claimMs).toISOString();
  const due = (table: "notification_delivery") =>
    db
      .selectFrom(table)
      .select("id")
      .where("state", "=", "pending")
      .where("next_at", "<=", nowIso)
      .where((eb) => eb.or([eb("claim_until", "is", null), eb("claim_until", "<", nowIso)]))
      .orderBy("next_at")
      .orderBy("id")
      .limit(limit);
  const candidates = isSqlite(db)
    ? due("notification_delivery")
    : due("notification_delivery").forUpdate().skipLocked();
  return (
    db
      .updateTable("notification_delivery")
      .set({ claim_until: until, claimed_by: holder })
      .where("id", "in", candidates)
      // Checked again on the row itself: another claimer's UPDATE that won the row makes this one skip it.
      .where("state", "=", "pending")
      .where((eb) => eb.or([eb("claim_until", "is", null), eb("claim_until", "<", nowIso)]))
      .returningAll()
      .execute()
  );
}

interface ResolvedChannel {
  target: SendTarget;
  locale: ChannelLocale;
  paused: boolean;
}

async function resolveChannel(deps: DeliveryDeps, channel: string): Promise<ResolvedChannel | null> {
  if (channel.startsWith("env:")) {
    const found = envChannels().find((candidate) => candidate.id === channel);
    if (!found) return null;
    const url = found.kind === "slack" ? found.secret! : found.target!;
    return {
      target: { kind: found.kind, url, secret: found.kind === "webhook" ? found.secret : null },
      locale: found.locale,
      paused: false,
    };
  }
  const row = await deps.db
    .selectFrom("notification_channel")
    .selectAll()
    .where("id", "=", Number(channel))
    .executeTakeFirst();
  if (!row) return null;
  const secret = row.secret ? openSecret(deps.authSecret, row.secret, `channel:${row.id}`) : null;
  const kind = (channelKinds as readonly string[]).includes(row.kind) ? (row.kind as ChannelKind) : "webhook";
  return {
    target: { kind, url: kind === "slack" ? (secret ?? "") : row.target, secret: kind === "webhook" ? secret : null },
    locale: (channelLocales as readonly string[]).includes(row.locale) ? (row.locale as ChannelLocale) : "en",
    paused: row.paused === 1,
  };
}

export async function loadNotification(db: Kysely<Database>, id: string): Promise<StoredNotification | null> {
  const row = await db.selectFrom("notification").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) return null;
  const kind = (notificationKinds as readonly string[]).includes(row.kind) ? row.kind : "test";
  return {
    id: row.id,
    kind: kind as StoredNotification["kind"],
    at: toIso(row.at),
    serverId: row.server_id,
    serverName: row.server_name,
    backupId: row.backup_id,
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    path: row.path,
  };
}

/** Records the attempt and settles the delivery: delivered, due again later, or failed after a day. */
async function settle(
  deps: DeliveryDeps,
  delivery: DeliveryRow,
  holder: string,
  result: SendResult,
  now: Date,
): Promise<void> {
  const attempts = delivery.attempts + 1;
  const next = result.ok
    ? null
    : nextAttemptAt(new Date(toIso(delivery.created_at)), attempts, now, deps.config.retryBaseMs);
  const nowIso = now.toISOString();
  await deps.db
    .insertInto("notification_attempt")
    .values({
      delivery_id: delivery.id,
      at: nowIso,
      ok: result.ok ? 1 : 0,
      status: result.status,
      answer: result.answer,
    })
    .execute();
  await deps.db
    .updateTable("notification_delivery")
    .set({
      state: result.ok ? "delivered" : next ? "pending" : "failed",
      attempts,
      next_at: next ? next.toISOString() : nowIso,
      claim_until: null,
      claimed_by: null,
      last_status: result.status,
      last_answer: result.answer,
      last_attempt_at: nowIso,
    })
    .where("id", "=", delivery.id)
    .where("claimed_by", "=", holder)
    .execute();
}

/** Sends one claimed delivery and records what happened. */
export async function deliverOne(
  deps: DeliveryDeps,
  delivery: DeliveryRow,
  holder: string,
): Promise<SendResult | null> {
  const notification = await loadNotification(deps.db, delivery.notification_id);
  let channel: ResolvedChannel | null = null;
  try {
    channel = await resolveChannel(deps, delivery.channel);
  } catch {
    // The secret does not open: BETTER_AUTH_SECRET changed since the channel was added.
    const result = {
      ok: false,
      status: null,
      answer: "the channel's secret cannot be read (was BETTER_AUTH_SECRET changed?)",
    };
    await settle(deps, { ...delivery, created_at: new Date(0).toISOString() }, holder, result, new Date());
    return result;
  }
  if (!notification || !channel) {
    const result = {
      ok: false,
      status: null,
      answer: notification ? "the channel no longer exists" : "the notification no longer exists",
    };
    await settle(deps, { ...delivery, created_at: new Date(0).toISOString() }, holder, result, new Date());
    return result;
  }
  if (channel.paused) {
    await deps.db
      .updateTable("notification_delivery")
      .set({ claim_until: null, claimed_by: null, next_at: new Date(Date.now() + PAUSED_RECHECK_MS).toISOString() })
      .where("id", "=", delivery.id)
      .where("claimed_by", "=", holder)
      .execute();
    return null;
  }
  const message = renderNotification(notification, channel.locale, deps.baseUrl);
  const result = await sendNotification(channel.target, notification, message, {
    timeoutMs: deps.config.timeoutMs,
    smtp: deps.config.smtp,
  });
  await settle(deps, delivery, holder, result, new Date());
  return result;
}

/** How many deliveries each channel has in each state (the metrics): the stored channels with their names. */
export async function deliveryCounts(
  db: Kysely<Database>,
): Promise<{ channel: string; channelName: string; state: string; count: number }[]> {
  const [rows, channels] = await Promise.all([
    db
      .selectFrom("notification_delivery")
      .select(["channel", "state", (eb) => eb.fn.countAll<number | string | bigint>().as("count")])
      .groupBy(["channel", "state"])
      .execute(),
    db.selectFrom("notification_channel").select(["id", "name"]).execute(),
  ]);
  const names = new Map(channels.map((channel) => [String(channel.id), channel.name]));
  const declared = new Map(envChannels().map((channel) => [channel.id, channel.name]));
  return rows.map((row) => ({
    channel: row.channel,
    channelName: names.get(row.channel) ?? declared.get(row.channel) ?? row.channel,
    state: row.state,
    count: Number(row.count),
  }));
}

export interface DeliveryLoop {
  readonly holder: string;
  stop(): Promise<void>;
}

export function startDeliveryLoop(deps: DeliveryDeps): DeliveryLoop {
  const holder = newHolderId();
  const log = deps.log ?? componentLogger("notifications");
  const inFlight = new Set<Promise<unknown>>();
  // Longer than one send can take: a claim runs out only when its instance stopped.
  const claimMs = deps.config.timeoutMs * 2 + 5000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let warnedAt = 0;

  async function tick(): Promise<void> {
    const free = MAX_IN_FLIGHT - inFlight.size;
    if (free <= 0) return;
    const claimed = await claimDeliveries(deps.db, holder, free, claimMs);
    for (const delivery of claimed) {
      const startedAt = Date.now();
      const fields = () => ({
        deliveryId: delivery.id,
        notificationId: delivery.notification_id,
        channel: delivery.channel,
        attempt: delivery.attempts + 1,
        durationMs: Date.now() - startedAt,
      });
      const sending: Promise<unknown> = deliverOne(deps, delivery, holder)
        .then((result) => {
          // A paused channel's delivery is put back for later: nothing was sent.
          if (!result) return;
          const line = { ...fields(), outcome: result.ok ? "delivered" : "failed", status: result.status };
          if (result.ok) log.info(line, `delivery ${delivery.id} to channel ${delivery.channel} delivered`);
          else
            log.warn(
              { ...line, answer: result.answer },
              `delivery ${delivery.id} to channel ${delivery.channel} failed: ${result.answer}`,
            );
        })
        .catch((error: unknown) =>
          log.error({ ...fields(), outcome: "error", err: error }, `delivery ${delivery.id} failed on a bug`),
        )
        .finally(() => inFlight.delete(sending));
      inFlight.add(sending);
    }
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      tick()
        .catch((error: unknown) => {
          // The store may be away: try again at the next tick, say so once a minute.
          if (Date.now() - warnedAt > 60_000) {
            warnedAt = Date.now();
            log.warn(`claiming deliveries failed: ${error instanceof Error ? error.message : String(error)}`);
          }
        })
        .finally(schedule);
    }, TICK_MS);
    timer.unref();
  }

  schedule();
  return {
    holder,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await Promise.allSettled([...inFlight]);
    },
  };
}
