import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { Backup } from "@/lib/backups/schemas";
import type { Database } from "@/lib/db/schema";
import { runSchedules } from "@/lib/schedules/server/runner";
import { createSchedule } from "@/lib/schedules/server/schedules";
import type { ProviderServerList } from "@/lib/servers/schemas";
import { VpsorgError } from "@/lib/vpsorg/errors";
import type { RequestSpec, VpsorgTransport } from "@/lib/vpsorg/transport";
import { recordPoll } from "@/lib/watcher/snapshot";
import { backends, useStores } from "./helpers";

// The schedules' runs on a controlled clock, against a provider held in memory: one run per due time
// from two instances at once, retention after each completion keeping the newest of the schedule's own
// and never a protected or a person's backup, and an interrupted create (its instance died while it
// asked VPS.org) settled from the picture or given up on, never asked again.

const ada = { id: "u-ada", email: "ada@example.com" };
const T0 = Date.UTC(2026, 11, 7, 10, 0, 30);
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const servers: ProviderServerList = {
  count: 2,
  results: [7, 8].map((id) => ({
    id,
    name: `web-${id}`,
    status: "active",
    hostname: null,
    ip_address: null,
    location: null,
    plan: null,
    os: null,
  })),
  source: "provider",
  notice: null,
};

/** VPS.org in memory: creates and deletes, counted. */
function fakeProvider() {
  const backups: Backup[] = [];
  let nextId = 100;
  const creates: number[] = [];
  const deletes: number[] = [];
  const upstream: VpsorgTransport = {
    baseUrl: "http://vpsorg.test/api/v1",
    async send(spec: RequestSpec) {
      if (spec.method === "POST" && spec.path === "/backups/") {
        const body = spec.body as { server_id: number; description?: string };
        const backup: Backup = {
          id: nextId++,
          server: { id: body.server_id, name: `web-${body.server_id}` },
          backup_type: "manual",
          status: "in_progress",
          size_mb: null,
          created_at: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
          expires_at: null,
          description: body.description ?? "",
        };
        backups.unshift(backup);
        creates.push(backup.id);
        return { status: 201, body: { ...backup, message: "Backup is being created." } };
      }
      const deleted = /^\/backups\/(\d+)\/$/.exec(spec.path);
      if (spec.method === "DELETE" && deleted) {
        const id = Number(deleted[1]);
        const index = backups.findIndex((backup) => backup.id === id);
        if (index < 0) throw new VpsorgError({ kind: "not_found", status: 404, message: "not found" });
        backups.splice(index, 1);
        deletes.push(id);
        return { status: 204, body: undefined };
      }
      throw new Error(`unexpected ${spec.method} ${spec.path}`);
    },
    async listAll() {
      return [];
    },
    circuit: async () => ({ state: "closed" as const, retryAt: null, failures: 0 }),
  };
  return {
    upstream,
    backups,
    creates,
    deletes,
    /** Every backup in progress completes. */
    completeAll() {
      for (const backup of backups) if (backup.status === "in_progress") backup.status = "completed";
    },
    add(backup: Partial<Backup> & { id: number; server_id: number }) {
      const { server_id, ...rest } = backup;
      backups.push({
        server: { id: server_id, name: `web-${server_id}` },
        backup_type: "manual",
        status: "completed",
        size_mb: 10,
        created_at: at(-600).toISOString(),
        expires_at: null,
        description: "by hand",
        ...rest,
      });
    },
  };
}

/**
 * The watcher's poll at `now` on the test's clock: the provider's list as it is now. It began (by the
 * real clock, which the runner's refresh requests are stamped with) after every change made so far,
 * so it is never superseded by one of them, whatever today's date is against the test's clock.
 */
const poll = (db: Kysely<Database>, provider: ReturnType<typeof fakeProvider>, now: Date) =>
  recordPoll(db, { backups: [...provider.backups], servers }, now, new Date());

const runRows = (db: Kysely<Database>) =>
  db.selectFrom("schedule_run_server").selectAll().orderBy("run_id").orderBy("server_id").execute();

describe.each(backends)("schedule runs on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("makes one backup per server for a due time, whichever of two instances gets there", async () => {
    const first = await newStore();
    const second = await secondInstance(first);
    const provider = fakeProvider();
    const schedule = await createSchedule(
      first.db,
      { actor: ada, ip: null },
      { name: "Hourly", cron: "0 * * * *", timezone: "UTC", server_ids: [7, 8], keep_last: 3 },
      at(0),
    );
    await poll(first.db, provider, at(1));
    // Nothing is due before the first due time after the schedule was made.
    expect((await runSchedules({ db: first.db, upstream: provider.upstream }, at(20))).runs).toEqual([]);

    // At once on PostgreSQL; one after the other on SQLite, whose driver blocks the one thread while
    // it waits for the file's write lock (two processes wait for each other as PostgreSQL's do).
    const runs = [first, second].map(
      (instance) => () => runSchedules({ db: instance.db, upstream: provider.upstream }, at(60)),
    );
    const reports =
      backend.name === "postgres" ? await Promise.all(runs.map((run) => run())) : [await runs[0]!(), await runs[1]!()];
    expect(reports.flatMap((report) => report.runs)).toEqual([
      { scheduleId: schedule.id, dueAt: "2026-12-07T11:00:00.000Z", missed: 0 },
    ]);
    expect(provider.creates).toHaveLength(2);
    const rows = await runRows(first.db);
    expect(rows.map((row) => [Number(row.server_id), row.state, row.backup_id])).toEqual([
      [7, "started", provider.creates.find((id) => provider.backups.find((b) => b.id === id)?.server.id === 7)],
      [8, "started", provider.creates.find((id) => provider.backups.find((b) => b.id === id)?.server.id === 8)],
    ]);
    // The audit log has them as Ada's, done through the schedule.
    const entries = await first.db
      .selectFrom("audit_log")
      .selectAll()
      .where("action", "=", "backup.create")
      .where("outcome", "=", "success")
      .execute();
    expect(entries.map((entry) => [entry.actor_email, entry.via_kind, entry.via_name])).toEqual([
      ["ada@example.com", "schedule", "Hourly"],
      ["ada@example.com", "schedule", "Hourly"],
    ]);
    // Asked again at the same time, or by the other instance later in the hour: nothing more.
    await runSchedules({ db: second.db, upstream: provider.upstream }, at(61));
    expect(provider.creates).toHaveLength(2);
  });

  it("keeps the newest keep_last of its own after each completion, never a protected or a person's backup", async () => {
    const store = await newStore();
    const provider = fakeProvider();
    provider.add({ id: 1, server_id: 7, description: "by hand" });
    const deps = { db: store.db, upstream: provider.upstream };
    const schedule = await createSchedule(
      store.db,
      { actor: ada, ip: null },
      { name: "Hourly", cron: "0 * * * *", timezone: "UTC", server_ids: [7], keep_last: 2 },
      at(0),
    );
    const own: number[] = [];
    for (let hour = 1; hour <= 5; hour++) {
      await poll(store.db, provider, at(hour * 60 - 1));
      await runSchedules(deps, at(hour * 60));
      own.push(provider.creates.at(-1)!);
      provider.completeAll();
      if (hour === 3) {
        // The first of its backups protected by a person: retention must leave it.
        await store.db
          .insertInto("backup_protection")
          .values({
            backup_id: own[0]!,
            server_id: 7,
            protected_by_id: ada.id,
            protected_by_email: ada.email,
            protected_at: at(hour * 60 + 1).toISOString(),
          })
          .execute();
      }
    }
    // The fifth backup's completion is seen by the next pass.
    await poll(store.db, provider, at(5 * 60 + 30));
    await runSchedules(deps, at(5 * 60 + 31));
    expect(schedule.keep_last).toBe(2);
    // Own completed and unprotected: 2, 3, 4, 5 (by creation) → the newest two stay.
    expect(provider.deletes.sort()).toEqual([own[1], own[2]].sort());
    const left = provider.backups.map((backup) => backup.id).sort();
    expect(left).toEqual([1, own[0], own[3], own[4]].sort());
  });

  it("fails a run at the quota without deleting anyone's backup, and tells it once while it stays so", async () => {
    const store = await newStore();
    const provider = fakeProvider();
    for (let id = 1; id <= 10; id++) provider.add({ id, server_id: 7, description: `person ${id}` });
    const deps = { db: store.db, upstream: provider.upstream };
    await createSchedule(
      store.db,
      { actor: ada, ip: null },
      { name: "Hourly", cron: "0 * * * *", timezone: "UTC", server_ids: [7], keep_last: 1 },
      at(0),
    );
    for (let hour = 1; hour <= 3; hour++) {
      await poll(store.db, provider, at(hour * 60 - 1));
      await runSchedules(deps, at(hour * 60));
    }
    const rows = await runRows(store.db);
    expect(rows.map((row) => [row.state, row.reason_code])).toEqual([
      ["failed", "quota_full"],
      ["failed", "quota_full"],
      ["failed", "quota_full"],
    ]);
    expect(rows[0]!.reason).toMatch(/10 manual backups, VPS.org's limit, and none of them is this schedule's/);
    expect(provider.creates).toEqual([]);
    expect(provider.deletes).toEqual([]);
    const told = await store.db.selectFrom("notification").selectAll().where("kind", "=", "schedule.failed").execute();
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0]!.detail)).toMatchObject({ schedule: "Hourly", reason_code: "quota_full" });
  });

  it("goes on with the backup an interrupted create made, found in the picture, without asking again", async () => {
    const store = await newStore();
    const provider = fakeProvider();
    const schedule = await createSchedule(
      store.db,
      { actor: ada, ip: null },
      { name: "Daily", cron: "0 3 * * *", timezone: "UTC", server_ids: [7] },
      at(-1),
    );
    const attempt = await recordAudit(
      store.db,
      {
        actor: ada,
        action: "backup.create",
        target: { serverId: 7, description: "Daily 2026-12-07" },
        ip: null,
        via: { kind: "schedule", id: String(schedule.id), name: "Daily" },
        outcome: "attempt",
      },
      at(0),
    );
    const run = await store.db
      .insertInto("schedule_run")
      .values({ schedule_id: schedule.id, due_at: at(0).toISOString(), started_at: at(0).toISOString(), missed: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto("schedule_run_server")
      .values({
        run_id: run.id,
        schedule_id: schedule.id,
        server_id: 7,
        server_name: "web-7",
        state: "pending",
        description: "Daily 2026-12-07",
        attempt_id: attempt.id,
        started_at: at(0).toISOString(),
      })
      .execute();
    // VPS.org made it: the instance died before it heard so.
    provider.add({
      id: 55,
      server_id: 7,
      status: "in_progress",
      description: "Daily 2026-12-07",
      created_at: at(0.05).toISOString(),
    });
    await poll(store.db, provider, at(1));
    const deps = { db: store.db, upstream: provider.upstream };

    // Within the grace period the create may still be waiting for VPS.org's answer.
    await runSchedules(deps, at(1));
    expect((await runRows(store.db))[0]).toMatchObject({ state: "pending", backup_id: null });
    await runSchedules(deps, at(4));
    expect((await runRows(store.db))[0]).toMatchObject({ state: "started", backup_id: 55 });
    provider.completeAll();
    await poll(store.db, provider, at(5));
    await runSchedules(deps, at(5));
    expect((await runRows(store.db))[0]).toMatchObject({ state: "completed", backup_id: 55 });
    expect(provider.creates).toEqual([]);
  });

  it("gives up on an interrupted create nothing shows, after the timeout, without asking again", async () => {
    const store = await newStore();
    const provider = fakeProvider();
    const schedule = await createSchedule(
      store.db,
      { actor: ada, ip: null },
      { name: "Daily", cron: "0 3 * * *", timezone: "UTC", server_ids: [7] },
      at(-1),
    );
    const attempt = await recordAudit(
      store.db,
      {
        actor: ada,
        action: "backup.create",
        target: { serverId: 7, description: "Daily" },
        ip: null,
        outcome: "attempt",
      },
      at(0),
    );
    const run = await store.db
      .insertInto("schedule_run")
      .values({ schedule_id: schedule.id, due_at: at(0).toISOString(), started_at: at(0).toISOString(), missed: 0 })
      .returning("id")
      .executeTakeFirstOrThrow();
    await store.db
      .insertInto("schedule_run_server")
      .values({
        run_id: run.id,
        schedule_id: schedule.id,
        server_id: 7,
        server_name: "web-7",
        state: "pending",
        description: "Daily",
        attempt_id: attempt.id,
        started_at: at(0).toISOString(),
      })
      .execute();
    // A backup made before the attempt, or with another description, is not its.
    provider.add({ id: 60, server_id: 7, description: "Daily", created_at: at(-30).toISOString() });
    provider.add({ id: 61, server_id: 7, description: "other", created_at: at(0.1).toISOString() });
    const deps = { db: store.db, upstream: provider.upstream };
    await poll(store.db, provider, at(5));
    await runSchedules(deps, at(5));
    expect((await runRows(store.db))[0]).toMatchObject({ state: "pending" });
    await poll(store.db, provider, at(16));
    await runSchedules(deps, at(16));
    expect((await runRows(store.db))[0]).toMatchObject({
      state: "failed",
      reason_code: "interrupted",
      backup_id: null,
    });
    expect(provider.creates).toEqual([]);
  });
});
