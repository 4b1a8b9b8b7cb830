import { describe, expect, it } from "vitest";
import type { Backup } from "@/lib/backups/schemas";
import { notifyProviderHealth } from "@/lib/notifications/server/rules";
import type { ProviderServerList, Server } from "@/lib/servers/schemas";
import { foldChange, recordPoll, recordPollFailure } from "@/lib/watcher/snapshot";
import { backends, useStores, type TestStore } from "./helpers";

// The watcher's rules, written with the picture (the outbox): a failed backup once, a restore that
// ends well or badly, the 9th and 10th manual backup once per crossing, and VPS.org down for longer
// than the threshold told once, its recovery once, remembered in the store.

const backup = (id: number, status: string, extra: Partial<Backup> = {}): Backup => ({
  id,
  server: { id: 7, name: "web" },
  backup_type: "manual",
  status,
  size_mb: null,
  created_at: "2026-12-02T09:00:00Z",
  expires_at: null,
  description: `backup ${id}`,
  ...extra,
});
const server: Server = {
  id: 7,
  name: "web",
  status: "active",
  hostname: null,
  ip_address: null,
  location: null,
  plan: null,
  os: null,
};
const servers = (status = "active"): ProviderServerList => ({
  count: 1,
  results: [{ ...server, status }],
  source: "provider",
  notice: null,
});
const at = (minute: number) => new Date(Date.UTC(2026, 11, 2, 10, minute));
const manual = (count: number) => Array.from({ length: count }, (_, i) => backup(100 + i, "completed"));

const notifications = async (store: TestStore) =>
  (
    await store.db
      .selectFrom("notification")
      .select(["kind", "server_name", "backup_id", "detail", "path"])
      .orderBy("created_at")
      .orderBy("id")
      .execute()
  ).map((row) => ({ ...row, detail: JSON.parse(row.detail) as Record<string, unknown> }));
const kinds = async (store: TestStore) => (await notifications(store)).map((n) => n.kind);

describe.each(backends)("the notification rules on $name", (backend) => {
  const { newStore } = useStores(backend);

  it("tell a failed backup once, and nothing on the baseline poll", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [backup(1, "failed")], servers: servers() }, at(0));
    expect(await kinds(store)).toEqual([]);
    await recordPoll(store.db, { backups: [backup(2, "in_progress"), backup(1, "failed")], servers: servers() }, at(1));
    await recordPoll(store.db, { backups: [backup(2, "failed"), backup(1, "failed")], servers: servers() }, at(2));
    await recordPoll(store.db, { backups: [backup(2, "failed"), backup(1, "failed")], servers: servers() }, at(3));
    expect(await notifications(store)).toEqual([
      {
        kind: "backup.failed",
        server_name: "web",
        backup_id: 2,
        detail: expect.objectContaining({ description: "backup 2" }),
        path: "/servers/7",
      },
    ]);
  });

  it("tell a restore that ends active as finished, and one that ends otherwise as failed", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [], servers: servers() }, at(0));
    await foldChange(store.db, { kind: "restoring", serverId: 7, actorEmail: "admin@example.com", backupId: 1 }, at(1));
    await recordPoll(store.db, { backups: [], servers: servers("active") }, at(2));
    await recordPoll(store.db, { backups: [], servers: servers("restoring") }, at(3));
    await recordPoll(store.db, { backups: [], servers: servers("stopped") }, at(4));
    expect(await notifications(store)).toEqual([
      expect.objectContaining({ kind: "restore.finished", server_name: "web" }),
      expect.objectContaining({ kind: "restore.failed", server_name: "web", detail: { status: "stopped" } }),
    ]);
  });

  it("tell the 9th and the 10th manual backup once per crossing", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: manual(8), servers: servers() }, at(0));
    await recordPoll(store.db, { backups: manual(9), servers: servers() }, at(1));
    await recordPoll(
      store.db,
      { backups: [...manual(9), backup(200, "completed", { backup_type: "automatic" })], servers: servers() },
      at(2),
    );
    await recordPoll(store.db, { backups: manual(10), servers: servers() }, at(3));
    await recordPoll(store.db, { backups: manual(8), servers: servers() }, at(4));
    await recordPoll(store.db, { backups: manual(10), servers: servers() }, at(5));
    expect(await kinds(store)).toEqual(["quota.near", "quota.full", "quota.full"]);
    expect((await notifications(store))[0]).toMatchObject({ detail: { count: 9, limit: 10 } });
  });

  it("tell VPS.org down once after the threshold, and its recovery once", async () => {
    const store = await newStore();
    const threshold = 10 * 60_000;
    await recordPoll(store.db, { backups: [], servers: servers() }, at(0));
    await recordPollFailure(store.db, { code: "provider_unavailable", message: "VPS.org is down." }, at(1));
    await notifyProviderHealth(store.db, threshold, at(5));
    expect(await kinds(store)).toEqual([]);
    await notifyProviderHealth(store.db, threshold, at(11));
    await notifyProviderHealth(store.db, threshold, at(12));
    expect(await notifications(store)).toEqual([
      expect.objectContaining({
        kind: "provider.down",
        detail: { since: at(1).toISOString(), code: "provider_unavailable", message: "VPS.org is down." },
      }),
    ]);
    await recordPoll(store.db, { backups: [], servers: servers() }, at(13));
    await notifyProviderHealth(store.db, threshold, at(13));
    await notifyProviderHealth(store.db, threshold, at(14));
    expect(await kinds(store)).toEqual(["provider.down", "provider.recovered"]);
  });

  it("tell nothing for a short outage, nor for rate limiting", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [], servers: servers() }, at(0));
    await recordPollFailure(store.db, { code: "rate_limited", message: "Slow down." }, at(1));
    await notifyProviderHealth(store.db, 60_000, at(30));
    await recordPoll(store.db, { backups: [], servers: servers() }, at(31));
    await notifyProviderHealth(store.db, 60_000, at(31));
    expect(await kinds(store)).toEqual([]);
  });
});
