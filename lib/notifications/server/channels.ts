import "server-only";
import { randomBytes } from "node:crypto";
import * as z from "zod";
import { parseWith } from "@/lib/api/parse-input";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { AuditActor } from "@/lib/audit/server/audit-entry";
import type { Selectable } from "kysely";
import type { NotificationChannelTable } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { ApiError } from "@/lib/http/server/api-error";
import { channelUrlSchema } from "@/lib/notifications/channel-url";
import type { AddChannelInput, ChannelChange } from "@/lib/notifications/inputs";
import { channelLocales, notificationKinds, type ChannelLocale } from "@/lib/notifications/kinds";
import type { ChannelSummary, CreatedChannel, Delivery } from "@/lib/notifications/schemas";
import { envChannels } from "@/lib/notifications/server/env-channels";
import { notifyConfig } from "@/lib/notifications/server/notify-env";
import { newNotificationId, writeNotification } from "@/lib/notifications/server/outbox";
import { sealSecret } from "@/lib/notifications/server/secret-box";
import type { Store } from "@/lib/store/store";

// The admins' channels: add (the webhook's signing secret made here and shown once, or the
// receiver's own), rename, pause and resume, delete, send a test; the delivery log of each and a retry
// of a delivery. Secrets are sealed before they are stored and never read back out to a browser.
// Each change is audited.

export interface ActingAs {
  actor: AuditActor;
  ip: string | null;
}

const notFound = (what: string) => new ApiError("not_found", `There is no ${what} with this id.`);

function toSummary(row: Selectable<NotificationChannelTable>): ChannelSummary {
  return {
    id: String(row.id),
    name: row.name,
    kind: row.kind,
    target: row.kind === "slack" ? null : row.target,
    locale: (channelLocales as readonly string[]).includes(row.locale) ? (row.locale as ChannelLocale) : "en",
    paused: row.paused === 1,
    fromEnvironment: false,
    createdAt: toIso(row.created_at),
  };
}

export async function listChannels(store: Store): Promise<ChannelSummary[]> {
  const rows = await store.db.selectFrom("notification_channel").selectAll().orderBy("id").execute();
  return [
    ...envChannels().map((channel): ChannelSummary => ({
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      target: channel.target,
      locale: channel.locale,
      paused: false,
      fromEnvironment: true,
      createdAt: null,
    })),
    ...rows.map(toSummary),
  ];
}

export function emailAvailable(): boolean {
  return notifyConfig().smtp !== null;
}

const describe = (row: { kind: string; name: string; id: number | string }) =>
  `${row.kind} channel "${row.name}" (#${row.id})`;

export async function addChannel(
  store: Store,
  by: ActingAs,
  input: AddChannelInput & { locale?: ChannelLocale },
): Promise<CreatedChannel> {
  const policy = { httpsOnly: notifyConfig().httpsOnly };
  let target: string;
  let secret: string | null = null;
  let shownSecret: string | null = null;
  if (input.kind === "email") {
    if (!emailAvailable())
      throw new ApiError(
        "invalid_input",
        "Invalid body: to: email channels need SMTP_URL and NOTIFY_EMAIL_FROM on the server.",
        {
          fields: { to: ["email channels need SMTP_URL and NOTIFY_EMAIL_FROM on the server"] },
        },
      );
    target = input.to.toLowerCase();
  } else {
    const { url } = parseWith(z.object({ url: channelUrlSchema(policy) }), { url: input.url }, "body");
    if (input.kind === "webhook") {
      target = url;
      secret = input.secret ?? `whsec_${randomBytes(24).toString("base64")}`;
      // Shown once, and only when the dashboard made it (the receiver already knows its own).
      shownSecret = input.secret ? null : secret;
    } else {
      target = "";
      secret = url;
    }
  }
  const row = await writeTransaction(store.db, async (trx) => {
    const inserted = await trx
      .insertInto("notification_channel")
      .values({
        name: input.name.trim(),
        kind: input.kind,
        target,
        secret: null,
        locale: input.locale ?? "en",
        paused: 0,
        created_at: new Date().toISOString(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const sealed = secret === null ? null : sealSecret(store.config.secret, secret, `channel:${inserted.id}`);
    await trx.updateTable("notification_channel").set({ secret: sealed }).where("id", "=", inserted.id).execute();
    await recordAudit(trx, {
      actor: by.actor,
      action: "notification.channel_create",
      target: { description: describe(inserted) },
      ip: by.ip,
      outcome: "success",
    });
    return inserted;
  });
  return { channel: toSummary(row), secret: shownSecret };
}

async function storedChannel(store: Store, id: number): Promise<Selectable<NotificationChannelTable>> {
  const row = await store.db.selectFrom("notification_channel").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw notFound("notification channel");
  return row;
}

export async function updateChannel(
  store: Store,
  by: ActingAs,
  id: number,
  change: ChannelChange,
): Promise<ChannelSummary> {
  return writeTransaction(store.db, async (trx) => {
    const before = await trx.selectFrom("notification_channel").selectAll().where("id", "=", id).executeTakeFirst();
    if (!before) throw notFound("notification channel");
    const after = await trx
      .updateTable("notification_channel")
      .set({
        ...(change.name !== undefined ? { name: change.name.trim() } : {}),
        ...(change.paused !== undefined ? { paused: change.paused ? 1 : 0 } : {}),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const what = [
      change.name !== undefined && change.name.trim() !== before.name ? `renamed from "${before.name}"` : null,
      change.paused !== undefined ? (change.paused ? "paused" : "resumed") : null,
    ].filter(Boolean);
    await recordAudit(trx, {
      actor: by.actor,
      action: "notification.channel_update",
      target: { description: `${describe(after)}: ${what.join(", ") || "unchanged"}` },
      ip: by.ip,
      outcome: "success",
    });
    return toSummary(after);
  });
}

export async function deleteChannel(store: Store, by: ActingAs, id: number): Promise<void> {
  await writeTransaction(store.db, async (trx) => {
    const row = await trx.selectFrom("notification_channel").selectAll().where("id", "=", id).executeTakeFirst();
    if (!row) throw notFound("notification channel");
    const deliveries = trx.selectFrom("notification_delivery").select("id").where("channel", "=", String(id));
    await trx.deleteFrom("notification_attempt").where("delivery_id", "in", deliveries).execute();
    await trx.deleteFrom("notification_delivery").where("channel", "=", String(id)).execute();
    await trx.deleteFrom("notification_channel").where("id", "=", id).execute();
    await recordAudit(trx, {
      actor: by.actor,
      action: "notification.channel_delete",
      target: { description: describe(row) },
      ip: by.ip,
      outcome: "success",
    });
  });
}

/** The channel a path names: a stored one's number, or one of the environment's. */
async function channelName(store: Store, channelId: string): Promise<string> {
  if (channelId.startsWith("env:")) {
    const found = envChannels().find((channel) => channel.id === channelId);
    if (!found) throw notFound("notification channel");
    return `${found.kind} channel ${found.name} (from the environment)`;
  }
  return describe(await storedChannel(store, Number(channelId)));
}

/** Enqueues a test message for this one channel (even a paused one's test waits until it resumes). */
export async function sendTest(store: Store, by: ActingAs, channelId: string): Promise<{ notificationId: string }> {
  const description = await channelName(store, channelId);
  const now = new Date();
  return writeTransaction(store.db, async (trx) => {
    const key = `test:${newNotificationId()}`;
    const id = await writeNotification(
      trx,
      {
        key,
        kind: "test",
        at: now.toISOString(),
        server: null,
        backupId: null,
        detail: {},
        path: "/admin/notifications",
      },
      [channelId],
      now,
    );
    await recordAudit(trx, {
      actor: by.actor,
      action: "notification.test",
      target: { description },
      ip: by.ip,
      outcome: "success",
    });
    return { notificationId: id! };
  });
}

const DELIVERY_PAGE = 100;

export async function listDeliveries(store: Store, channelId: string): Promise<Delivery[]> {
  await channelName(store, channelId);
  const rows = await store.db
    .selectFrom("notification_delivery as d")
    .innerJoin("notification as n", "n.id", "d.notification_id")
    .select([
      "d.id",
      "d.notification_id",
      "d.state",
      "d.attempts",
      "d.last_status",
      "d.last_answer",
      "d.last_attempt_at",
      "d.next_at",
      "n.kind",
      "n.at",
      "n.server_name",
    ])
    .where("d.channel", "=", channelId)
    .orderBy("d.id", "desc")
    .limit(DELIVERY_PAGE)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    notificationId: row.notification_id,
    kind: ((notificationKinds as readonly string[]).includes(row.kind) ? row.kind : "test") as Delivery["kind"],
    at: toIso(row.at),
    serverName: row.server_name,
    state: row.state,
    attempts: row.attempts,
    lastStatus: row.last_status,
    lastAnswer: row.last_answer,
    lastAttemptAt: row.last_attempt_at ? toIso(row.last_attempt_at) : null,
    nextAttemptAt: row.state === "pending" ? toIso(row.next_at) : null,
  }));
}

/** Makes a delivery due now again (a failed one gets one more attempt; a pending one is not waited for). */
export async function retryDelivery(store: Store, by: ActingAs, deliveryId: number): Promise<void> {
  await writeTransaction(store.db, async (trx) => {
    const row = await trx
      .selectFrom("notification_delivery")
      .selectAll()
      .where("id", "=", deliveryId)
      .executeTakeFirst();
    if (!row) throw notFound("notification delivery");
    if (row.state === "delivered")
      throw new ApiError("conflict", "This delivery was delivered already: there is nothing to retry.");
    await trx
      .updateTable("notification_delivery")
      .set({ state: "pending", next_at: new Date().toISOString(), claim_until: null, claimed_by: null })
      .where("id", "=", deliveryId)
      .execute();
    await recordAudit(trx, {
      actor: by.actor,
      action: "notification.retry",
      target: { description: `delivery #${deliveryId} of ${row.notification_id} to channel ${row.channel}` },
      ip: by.ip,
      outcome: "success",
    });
  });
}
