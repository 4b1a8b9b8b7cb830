import { describe, expect, it } from "vitest";
import { setServerPolicy } from "@/lib/backup-health/server/policies";
import { trackHealthTransitions, type HealthNotification } from "@/lib/backup-health/server/transitions";
import type { ListedBackup } from "@/lib/backups/schemas";
import { backends, useStores } from "./helpers";

// Told once per transition, with a daily reminder at most, across instances; nothing while VPS.org
// cannot be read; the first report of the servers already late or never backed up, once, when the
// first channel exists. On a controlled clock, against SQLite and PostgreSQL.

const HOUR = 3_600_000;
const T0 = Date.parse("2026-12-02T12:00:00Z");
const at = (hours: number) => new Date(T0 + hours * HOUR);

const backup = (id: number, serverId: number, status: string, madeAt: Date): ListedBackup => ({
  id,
  server: { id: serverId, name: `server-${serverId}` },
  backup_type: "automatic",
  status,
  size_mb: 10,
  created_at: madeAt.toISOString(),
  expires_at: null,
  description: "",
  created_by: null,
  restored_by: null,
});

function picture(backups: ListedBackup[], serverIds: number[], error: unknown = null) {
  return {
    backups,
    servers: {
      count: serverIds.length,
      results: serverIds.map((id) => ({
        id,
        name: `server-${id}`,
        status: "active",
        hostname: null,
        ip_address: null,
        location: null,
        plan: null,
        os: null,
      })),
      source: "provider" as const,
      notice: null,
    },
    error: error as null,
  };
}

function collector() {
  const sent: HealthNotification[] = [];
  return { sent, enqueue: async (_trx: unknown, notification: HealthNotification) => void sent.push(notification) };
}

describe.each(backends)("health transitions on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("report the servers already late or never backed up once, when the first channel exists", async () => {
    const store = await newStore();
    const { sent, enqueue } = collector();
    // Server 1 fresh, 2 late, 3 never.
    const now = picture([backup(10, 1, "completed", at(-2)), backup(11, 2, "completed", at(-30))], [1, 2, 3]);
    // No channel yet: nobody to tell, nothing sent, but the states are kept.
    expect(await trackHealthTransitions(store.db, now, { enqueue, channels: false }, at(0))).toEqual([]);
    const first = await trackHealthTransitions(store.db, now, { enqueue, channels: true }, at(0.1));
    expect(first.map((n) => n.kind)).toEqual(["health.report"]);
    expect(first[0]!.detail.servers).toEqual([
      expect.objectContaining({ id: 2, state: "late" }),
      expect.objectContaining({ id: 3, state: "never", latest_completed_at: null }),
    ]);
    // Not again, and nobody told twice the same day.
    expect(await trackHealthTransitions(store.db, now, { enqueue, channels: true }, at(1))).toEqual([]);
    expect(sent).toHaveLength(1);
  });

  it("tell once when a server turns late, remind at most daily, and again after it recovers and turns late", async () => {
    const store = await newStore();
    const { sent, enqueue } = collector();
    const options = { enqueue, channels: true };
    const fresh = picture([backup(10, 1, "completed", at(0))], [1]);
    await trackHealthTransitions(store.db, fresh, options, at(1)); // the first report: nothing late
    expect(sent).toEqual([]);
    // 26 h after the backup: still healthy; just after: late, told once.
    expect(await trackHealthTransitions(store.db, fresh, options, at(26))).toEqual([]);
    const late = await trackHealthTransitions(store.db, fresh, options, at(26.5));
    expect(late).toEqual([
      expect.objectContaining({
        kind: "server.late",
        server: { id: 1, name: "server-1" },
        path: "/servers/1",
        detail: expect.objectContaining({ reminder: false, late_after_hours: 26 }),
      }),
    ]);
    expect(await trackHealthTransitions(store.db, fresh, options, at(40))).toEqual([]);
    // A day after it was told: one reminder.
    const reminder = await trackHealthTransitions(store.db, fresh, options, at(50.5));
    expect(reminder.map((n) => n.detail.reminder)).toEqual([true]);
    expect(await trackHealthTransitions(store.db, fresh, options, at(51))).toEqual([]);
    // A new backup: healthy again (nothing said); late again later: told again.
    const again = picture([backup(12, 1, "completed", at(52)), backup(10, 1, "completed", at(0))], [1]);
    expect(await trackHealthTransitions(store.db, again, options, at(53))).toEqual([]);
    expect((await trackHealthTransitions(store.db, again, options, at(79))).map((n) => n.kind)).toEqual([
      "server.late",
    ]);
    expect(sent).toHaveLength(3);
  });

  it("change nothing while VPS.org cannot be read: a late server is not told again after the outage", async () => {
    const store = await newStore();
    const { enqueue } = collector();
    const options = { enqueue, channels: true };
    await trackHealthTransitions(store.db, picture([backup(10, 1, "completed", at(0))], [1]), options, at(1));
    expect(
      await trackHealthTransitions(store.db, picture([backup(10, 1, "completed", at(0))], [1]), options, at(27)),
    ).toHaveLength(1);
    const down = picture([backup(10, 1, "completed", at(0))], [1], { code: "provider_unavailable" });
    expect(await trackHealthTransitions(store.db, down, options, at(28))).toEqual([]);
    expect(
      await trackHealthTransitions(store.db, picture([backup(10, 1, "completed", at(0))], [1]), options, at(29)),
    ).toEqual([]);
  });

  it("give a server first seen without backups its threshold before it is reported as never backed up", async () => {
    const store = await newStore();
    const { enqueue } = collector();
    const options = { enqueue, channels: true };
    await trackHealthTransitions(store.db, picture([], []), options, at(0));
    expect(await trackHealthTransitions(store.db, picture([], [7]), options, at(1))).toEqual([]);
    expect(await trackHealthTransitions(store.db, picture([], [7]), options, at(20))).toEqual([]);
    expect((await trackHealthTransitions(store.db, picture([], [7]), options, at(27.5))).map((n) => n.kind)).toEqual([
      "server.never",
    ]);
  });

  it("say nothing of a server whose checks an admin turned off", async () => {
    const store = await newStore();
    const { enqueue } = collector();
    const options = { enqueue, channels: true };
    await trackHealthTransitions(store.db, picture([backup(10, 1, "completed", at(0))], [1]), options, at(1));
    await setServerPolicy(
      store.db,
      { actor: null, ip: null },
      { id: 1, name: "server-1" },
      { late_after_hours: null, checks: false },
    );
    expect(
      await trackHealthTransitions(store.db, picture([backup(10, 1, "completed", at(0))], [1]), options, at(30)),
    ).toEqual([]);
  });

  it("tell once when two instances track the same picture", async () => {
    const store = await newStore();
    const other = await secondInstance(store);
    const sent: HealthNotification[] = [];
    const enqueue = async (_trx: unknown, notification: HealthNotification) => void sent.push(notification);
    const options = { enqueue, channels: true };
    const view = picture([backup(10, 1, "completed", at(0))], [1]);
    await trackHealthTransitions(store.db, view, options, at(1));
    // At once on PostgreSQL; one after the other on SQLite, whose driver blocks the one thread while
    // it waits for the file's write lock (two processes wait for each other as PostgreSQL's do).
    const runs = [store, other].map((instance) => () => trackHealthTransitions(instance.db, view, options, at(27)));
    if (backend.name === "postgres") await Promise.all(runs.map((run) => run()));
    else for (const run of runs) await run();
    expect(sent.map((n) => n.kind)).toEqual(["server.late"]);
  });
});
