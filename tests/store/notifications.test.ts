import { describe, expect, it } from "vitest";
import { writeTransaction } from "@/lib/db/write-transaction";
import { claimDeliveries } from "@/lib/notifications/server/delivery";
import { enqueueNotification, type NotificationInput } from "@/lib/notifications/server/outbox";
import { backends, useStores } from "./helpers";

// The outbox on both stores: enqueuing the same key twice makes one notification, a delivery per
// channel existing then (a channel added later gets no old events, a paused one none), and of
// several instances claiming due deliveries at once, each delivery goes to exactly one.

const input = (key: string): NotificationInput => ({
  key,
  kind: "backup.failed",
  at: "2026-12-05T10:00:00.000Z",
  server: { id: 12, name: "web-1" },
  backupId: 345,
  detail: { description: "nightly" },
  path: "/servers/12",
});

describe.each(backends)("the notification outbox on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  const addChannel = (store: Awaited<ReturnType<typeof newStore>>, name: string, paused = 0) =>
    store.db
      .insertInto("notification_channel")
      .values({
        name,
        kind: "webhook",
        target: "https://example.com/hook",
        secret: null,
        locale: "en",
        paused,
        created_at: new Date().toISOString(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();

  it("makes one notification of a key enqueued twice, with one delivery per active channel", async () => {
    const store = await newStore();
    const a = await addChannel(store, "a");
    await addChannel(store, "paused", 1);
    await writeTransaction(store.db, (trx) => enqueueNotification(trx, input("backup.failed:345")));
    await writeTransaction(store.db, (trx) => enqueueNotification(trx, input("backup.failed:345")));
    const notifications = await store.db.selectFrom("notification").selectAll().execute();
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toMatchObject({
      kind: "backup.failed",
      server_name: "web-1",
      backup_id: 345,
      path: "/servers/12",
    });
    expect(notifications[0]!.id).toMatch(/^msg_/);
    const deliveries = await store.db.selectFrom("notification_delivery").selectAll().execute();
    expect(deliveries.map((d) => [d.channel, d.state])).toEqual([[String(a.id), "pending"]]);

    // A channel added afterwards gets the next notification, not the old one.
    const b = await addChannel(store, "b");
    await writeTransaction(store.db, (trx) => enqueueNotification(trx, input("backup.failed:346")));
    const byChannel = await store.db
      .selectFrom("notification_delivery")
      .select(["channel", "notification_id"])
      .execute();
    expect(byChannel.filter((d) => d.channel === String(b.id))).toHaveLength(1);
    expect(byChannel.filter((d) => d.channel === String(a.id))).toHaveLength(2);
  });

  it("writes nothing when the transaction of the change rolls back", async () => {
    const store = await newStore();
    await addChannel(store, "a");
    await expect(
      writeTransaction(store.db, async (trx) => {
        await enqueueNotification(trx, input("backup.failed:1"));
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await store.db.selectFrom("notification").selectAll().execute()).toEqual([]);
    expect(await store.db.selectFrom("notification_delivery").selectAll().execute()).toEqual([]);
  });

  it("gives each due delivery to exactly one of several claimers", async () => {
    const store = await newStore();
    for (let i = 0; i < 4; i++) await addChannel(store, `c${i}`);
    for (let i = 0; i < 10; i++) await writeTransaction(store.db, (trx) => enqueueNotification(trx, input(`k${i}`)));
    const instances = [store, await secondInstance(store), await secondInstance(store)];
    const now = new Date(Date.now() + 1000);
    const claims = await Promise.all(
      instances.flatMap((instance, i) =>
        [0, 1].map((j) => claimDeliveries(instance.db, `holder-${i}-${j}`, 15, 30_000, now)),
      ),
    );
    const ids = claims.flat().map((row) => row.id);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    // Claimed: nobody else gets them until the claim runs out; then they are due again.
    expect(await claimDeliveries(store.db, "late", 100, 30_000, now)).toEqual([]);
    const afterClaim = await claimDeliveries(store.db, "late", 100, 30_000, new Date(now.getTime() + 31_000));
    expect(afterClaim).toHaveLength(40);
  });

  it("does not claim a delivery before it is due, nor a delivered or failed one", async () => {
    const store = await newStore();
    await addChannel(store, "a");
    await writeTransaction(store.db, (trx) => enqueueNotification(trx, input("k")));
    await store.db.updateTable("notification_delivery").set({ next_at: "2100-01-01T00:00:00.000Z" }).execute();
    expect(await claimDeliveries(store.db, "h", 10, 30_000)).toEqual([]);
    await store.db
      .updateTable("notification_delivery")
      .set({ next_at: "2000-01-01T00:00:00.000Z", state: "failed" })
      .execute();
    expect(await claimDeliveries(store.db, "h", 10, 30_000)).toEqual([]);
  });
});
