import { describe, expect, it } from "vitest";
import type { Backup } from "@/lib/backups/schemas";
import { recordAudit, recordOutcome } from "@/lib/audit/server/audit-log";
import type { ProviderServerList, Server } from "@/lib/servers/schemas";
import { acquireLease } from "@/lib/jobs/lease";
import { servingSnapshot, WATCHER_LEASE } from "@/lib/watcher/serving";
import { foldChange, readSnapshot, recordPoll, recordPollFailure } from "@/lib/watcher/snapshot";
import { backends, useStores } from "./helpers";

// The watcher's picture in the store: generations, the ETag, the failure beside the last good picture,
// events and history written with it, changes made through the dashboard folded in (with who made them).

const backup = (id: number, status: string, extra: Partial<Backup> = {}): Backup => ({
  id,
  server: { id: 7, name: "web" },
  backup_type: "manual",
  status,
  size_mb: status === "completed" ? 512 : null,
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

describe.each(backends)("the account picture on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("counts pictures that differ, keeps the ETag of an unchanged one, and is read by every instance", async () => {
    const store = await newStore();
    const other = await secondInstance(store);
    expect(await readSnapshot(store.db)).toBeNull();
    expect(
      (await recordPoll(store.db, { backups: [backup(1, "in_progress")], servers: servers() }, at(0))).generation,
    ).toBe(1);
    const first = await readSnapshot(other.db);
    expect(first).toMatchObject({ generation: 1, takenAt: at(0).toISOString(), error: null });
    expect(first?.backups.map((b) => b.id)).toEqual([1]);
    // The same picture again: same generation and ETag, a newer poll time.
    await recordPoll(store.db, { backups: [backup(1, "in_progress")], servers: servers() }, at(1));
    const same = await readSnapshot(other.db);
    expect(same).toMatchObject({ generation: 1, etag: first?.etag, polledAt: at(1).toISOString() });
    await recordPoll(store.db, { backups: [backup(1, "completed")], servers: servers() }, at(2));
    const changed = await readSnapshot(other.db);
    expect(changed?.generation).toBe(2);
    expect(changed?.etag).not.toBe(first?.etag);
  });

  it("keeps the last good picture beside a failure, and since when it lasts", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [backup(1, "completed")], servers: servers() }, at(0));
    await recordPollFailure(store.db, { code: "provider_unavailable", message: "VPS.org is down." }, at(1));
    await recordPollFailure(store.db, { code: "provider_timeout", message: "VPS.org is slow." }, at(2));
    const snapshot = await readSnapshot(store.db);
    expect(snapshot?.backups.map((b) => b.id)).toEqual([1]);
    expect(snapshot?.error).toEqual({
      code: "provider_timeout",
      message: "VPS.org is slow.",
      since: at(1).toISOString(),
    });
    await recordPoll(store.db, { backups: [backup(1, "completed")], servers: servers() }, at(3));
    expect((await readSnapshot(store.db))?.error).toBeNull();
  });

  it("takes pictures whose names and descriptions hold a NUL character, which PostgreSQL's text cannot", async () => {
    const store = await newStore();
    const named = (id: number, status: string) =>
      backup(id, status, { server: { id: 7, name: "web\u0000" }, description: "nul\u0000inside" });
    const withNul = (status = "active"): ProviderServerList => ({
      ...servers(status),
      results: [{ ...server, name: "web\u0000", status }],
    });
    await recordPoll(store.db, { backups: [], servers: withNul() }, at(0));
    await recordPoll(store.db, { backups: [named(3, "in_progress")], servers: withNul("restoring") }, at(1));
    // The picture is JSON, which spells the character out; the columns of the history and the events
    // hold U+FFFD in its place (lib/db/nul-free-text.ts).
    expect((await readSnapshot(store.db))?.backups[0]).toMatchObject({ description: "nul\u0000inside" });
    const history = await store.db.selectFrom("backup_history").selectAll().executeTakeFirstOrThrow();
    expect(history).toMatchObject({ description: "nul\uFFFDinside", server_name: "web\uFFFD" });
    const events = await store.db.selectFrom("account_event").select(["kind", "server_name"]).orderBy("id").execute();
    expect(events).toEqual([
      { kind: "backup.started", server_name: "web\uFFFD" },
      { kind: "server.restoring", server_name: "web\uFFFD" },
    ]);
  });

  it("writes each change's events once with the history, also from two instances", async () => {
    const store = await newStore();
    const other = await secondInstance(store);
    await recordPoll(store.db, { backups: [], servers: servers() }, at(0));
    const next = { backups: [backup(2, "in_progress")], servers: servers() };
    // Two holders in a lease hand-over may both write the same picture: its events are written once.
    const results = [await recordPoll(store.db, next, at(1)), await recordPoll(other.db, next, at(1))];
    expect(results.map((result) => result.events.map((event) => event.kind))).toEqual([["backup.started"], []]);
    await recordPoll(store.db, { backups: [backup(2, "completed")], servers: servers() }, at(2));
    const rows = await store.db.selectFrom("account_event").select(["kind", "backup_id"]).orderBy("id").execute();
    expect(rows).toEqual([
      { kind: "backup.started", backup_id: 2 },
      { kind: "backup.completed", backup_id: 2 },
    ]);
    const history = await store.db.selectFrom("backup_history").selectAll().executeTakeFirstOrThrow();
    expect(history).toMatchObject({ backup_id: 2, status: "completed", size_mb: 512, vanished_at: null });
    expect(new Date(history.completed_at!).toISOString()).toBe(at(2).toISOString());
    expect(new Date(history.first_seen_at).toISOString()).toBe(at(1).toISOString());
  });

  it("tells a deletion through the dashboard by whom, from the audit log or from the fold", async () => {
    const store = await newStore();
    await recordPoll(
      store.db,
      { backups: [backup(3, "completed"), backup(4, "completed")], servers: servers() },
      at(0),
    );
    await recordAudit(store.db, {
      actor: { id: "u1", email: "lan@example.com" },
      action: "backup.delete",
      target: { backupId: 3 },
      ip: null,
      outcome: "success",
    });
    // Deleted through another instance (found in the audit log), and through this one (folded at once).
    await foldChange(store.db, { kind: "deleted", backupId: 4, actorEmail: "minh@example.com" }, at(1));
    expect((await readSnapshot(store.db))?.backups.map((b) => b.id)).toEqual([3]);
    await recordPoll(store.db, { backups: [], servers: servers() }, at(2));
    const rows = await store.db
      .selectFrom("backup_history")
      .select(["backup_id", "vanish_reason", "deleted_by"])
      .orderBy("backup_id")
      .execute();
    expect(rows).toEqual([
      { backup_id: 3, vanish_reason: "deleted", deleted_by: "lan@example.com" },
      { backup_id: 4, vanish_reason: "deleted", deleted_by: "minh@example.com" },
    ]);
    const events = await store.db
      .selectFrom("account_event")
      .select(["kind", "backup_id", "actor_email"])
      .orderBy("id")
      .execute();
    expect(events).toEqual([
      { kind: "backup.deleted", backup_id: 4, actor_email: "minh@example.com" },
      { kind: "backup.deleted", backup_id: 3, actor_email: "lan@example.com" },
    ]);
  });

  it("folds a create and a restore in at once, naming who made them, and asks for a refresh", async () => {
    const store = await newStore();
    expect(
      await foldChange(store.db, { kind: "restoring", serverId: 7, actorEmail: "a@example.com" }, at(0)),
    ).toBeNull();
    await recordPoll(store.db, { backups: [], servers: servers() }, at(1));
    // A create's answer, with the provider's message: only the backup's own fields go into the picture.
    const answer = { ...backup(5, "in_progress"), message: "Backup started" };
    await foldChange(store.db, { kind: "created", backup: answer, actorEmail: "a@example.com" }, at(2));
    await foldChange(store.db, { kind: "restoring", serverId: 7, actorEmail: "b@example.com" }, at(3));
    const snapshot = await readSnapshot(store.db);
    expect(snapshot?.backups).toEqual([
      { ...backup(5, "in_progress"), created_by: null, restored_by: null, protected_by: null },
    ]);
    expect(snapshot?.servers.results[0]?.status).toBe("restoring");
    expect(snapshot?.generation).toBe(3);
    const events = await store.db.selectFrom("account_event").select(["kind", "actor_email"]).orderBy("id").execute();
    expect(events).toEqual([
      { kind: "backup.started", actor_email: "a@example.com" },
      { kind: "server.restoring", actor_email: "b@example.com" },
    ]);
    // The watcher's next poll sees the same: nothing is told twice.
    await recordPoll(store.db, { backups: [backup(5, "in_progress")], servers: servers("restoring") }, at(4));
    expect(await store.db.selectFrom("account_event").select("id").execute()).toHaveLength(2);
  });
  it("folds a protection in at once, with a new ETag, without asking VPS.org again", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [backup(5, "completed")], servers: servers() }, at(1));
    const before = (await readSnapshot(store.db))!;
    const { refresh_requested_at: refreshBefore } = await store.db
      .selectFrom("account_snapshot")
      .select("refresh_requested_at")
      .executeTakeFirstOrThrow();
    const { setProtection } = await import("@/lib/backups/server/protection");
    const who = { actor: { id: "u-lan", email: "Lan@example.com" }, ip: null };
    const first = await setProtection(store.db, who, backup(5, "completed"), true, at(2));
    expect(first).toEqual({
      changed: true,
      state: { backup_id: 5, protected: true, protected_by: { email: "lan@example.com", at: at(2).toISOString() } },
    });
    // Asked again (here or on another instance), it stands as it was.
    expect(
      (
        await setProtection(
          store.db,
          { ...who, actor: { id: "u-minh", email: "minh@example.com" } },
          backup(5, "completed"),
          true,
          at(3),
        )
      ).changed,
    ).toBe(false);
    await foldChange(store.db, { kind: "protection", backupId: 5, actorEmail: "lan@example.com" }, at(3));
    const after = (await readSnapshot(store.db))!;
    expect(after.backups[0]?.protected_by).toEqual({ email: "lan@example.com", at: at(2).toISOString() });
    expect(after.generation).toBe(before.generation + 1);
    expect(after.etag).not.toBe(before.etag);
    const { refresh_requested_at: refreshAfter } = await store.db
      .selectFrom("account_snapshot")
      .select("refresh_requested_at")
      .executeTakeFirstOrThrow();
    expect(refreshAfter).toEqual(refreshBefore);
    // No event: nothing happened at VPS.org. One audit entry, for the change.
    expect(await store.db.selectFrom("account_event").select("id").execute()).toEqual([]);
    const entries = await store.db.selectFrom("audit_log").select(["action", "actor_email", "backup_id"]).execute();
    expect(entries).toEqual([{ action: "backup.protect", actor_email: "lan@example.com", backup_id: "5" }]);

    await setProtection(store.db, who, backup(5, "completed"), false, at(4));
    await foldChange(store.db, { kind: "protection", backupId: 5, actorEmail: "lan@example.com" }, at(4));
    expect((await readSnapshot(store.db))!.backups[0]?.protected_by).toBeNull();
  });

  it("writes who created and restored each backup through the dashboard into the picture", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [backup(8, "completed")], servers: servers() }, at(0));
    expect((await readSnapshot(store.db))?.backups[0]).toMatchObject({ created_by: null, restored_by: null });
    await recordAudit(store.db, {
      actor: { id: "u1", email: "lan@example.com" },
      action: "backup.create",
      target: { backupId: 9, serverId: 7, description: "backup 9" },
      ip: null,
      outcome: "success",
    });
    await foldChange(
      store.db,
      { kind: "created", backup: backup(9, "in_progress"), actorEmail: "lan@example.com" },
      at(1),
    );
    const folded = await readSnapshot(store.db);
    expect(folded?.backups.map((b) => [b.id, b.created_by?.email ?? null])).toEqual([
      [9, "lan@example.com"],
      [8, null],
    ]);
    // A restore recorded by another instance reaches the picture with the watcher's next poll.
    await recordAudit(store.db, {
      actor: { id: "u2", email: "minh@example.com" },
      action: "server.restore",
      target: { backupId: 8, serverId: 7 },
      ip: null,
      outcome: "success",
    });
    await recordPoll(
      store.db,
      { backups: [backup(9, "in_progress"), backup(8, "completed")], servers: servers() },
      at(2),
    );
    const polled = await readSnapshot(store.db);
    expect(polled?.backups[1]?.restored_by?.email).toBe("minh@example.com");
    expect(polled?.generation).toBe(3);
  });
  it("is what the lists answer while someone watches, and not once nobody has for a while", async () => {
    const store = await newStore();
    expect(await servingSnapshot(store.db, at(0))).toBeNull();
    await recordPoll(store.db, { backups: [backup(1, "completed")], servers: servers() }, at(0));
    await recordPollFailure(store.db, { code: "provider_unavailable", message: "VPS.org is down" }, at(1));
    const failing = await servingSnapshot(store.db, at(2));
    // The failure beside the last good picture, which VPS.org confirmed at the last successful poll.
    expect(failing).toMatchObject({ confirmedAt: at(0).toISOString(), polledAt: at(1).toISOString() });
    expect(failing?.error).toEqual({
      code: "provider_unavailable",
      message: "VPS.org is down",
      since: at(1).toISOString(),
    });
    // Past the defaults' 150 s without a poll and without a lease holder: nobody watches, read VPS.org.
    expect(await servingSnapshot(store.db, at(5))).toBeNull();
    // A watcher that holds its lease (backing off after a long Retry-After) is still answered from.
    await acquireLease(store.db, WATCHER_LEASE, "holder", 60_000, at(5));
    expect((await servingSnapshot(store.db, at(5)))?.generation).toBe(1);
  });
  it("names the creator of a backup that the watcher's poll saw before the creating instance folded it in", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [], servers: servers() }, at(0));
    // VPS.org made it; the poll comes before the audit entry and the fold.
    await recordPoll(store.db, { backups: [backup(11, "in_progress")], servers: servers() }, at(1));
    await recordAudit(store.db, {
      actor: { id: "u1", email: "lan@example.com" },
      action: "backup.create",
      target: { backupId: 11, serverId: 7, description: "backup 11" },
      ip: null,
      outcome: "success",
    });
    await foldChange(
      store.db,
      { kind: "created", backup: backup(11, "in_progress"), actorEmail: "lan@example.com" },
      at(1),
    );
    // A poll after the audit entry (another instance's create) names the creator itself.
    await recordAudit(store.db, {
      actor: { id: "u2", email: "minh@example.com" },
      action: "backup.create",
      target: { backupId: 12, serverId: 7, description: "backup 12" },
      ip: null,
      outcome: "success",
    });
    await recordPoll(
      store.db,
      { backups: [backup(12, "in_progress"), backup(11, "in_progress")], servers: servers() },
      at(2),
    );
    const started = await store.db
      .selectFrom("account_event")
      .select(["backup_id", "actor_email"])
      .where("kind", "=", "backup.started")
      .orderBy("id")
      .execute();
    expect(started).toEqual([
      { backup_id: 11, actor_email: "lan@example.com" },
      { backup_id: 12, actor_email: "minh@example.com" },
    ]);
  });
  it("does not write a poll that began before a change was folded in: it would undo the fold", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [backup(20, "completed")], servers: servers() }, at(0));
    // A poll starts reading VPS.org at 1; a create is folded in at 2; the poll's answer comes at 3.
    await foldChange(
      store.db,
      { kind: "created", backup: backup(21, "in_progress"), actorEmail: "lan@example.com" },
      at(2),
    );
    const stale = await recordPoll(store.db, { backups: [backup(20, "completed")], servers: servers() }, at(3), at(1));
    expect(stale.superseded).toBe(true);
    expect((await readSnapshot(store.db))?.backups.map((b) => b.id)).toEqual([21, 20]);
    // The next poll, begun after the fold, is written: nothing vanished in between.
    const next = await recordPoll(
      store.db,
      { backups: [backup(21, "in_progress"), backup(20, "completed")], servers: servers() },
      at(4),
      at(3),
    );
    expect(next.superseded).toBe(false);
    const kinds = await store.db.selectFrom("account_event").select("kind").where("backup_id", "=", 21).execute();
    expect(kinds.map((row) => row.kind)).toEqual(["backup.started"]);
  });
  it("tells a backup whose delete through the dashboard is still only an attempt as deleted by whoever tried", async () => {
    const store = await newStore();
    await recordPoll(
      store.db,
      { backups: [backup(30, "completed"), backup(31, "completed")], servers: servers() },
      at(0),
    );
    const attempt = (id: number) =>
      recordAudit(store.db, {
        actor: { id: "u1", email: "lan@example.com" },
        action: "backup.delete",
        target: { backupId: id },
        ip: null,
        outcome: "attempt",
      });
    // 30: its instance died after VPS.org deleted it. 31: its delete failed, then it went elsewhere.
    await attempt(30);
    const failed = await attempt(31);
    await recordOutcome(store.db, Number(failed.id), {
      actor: { id: "u1", email: "lan@example.com" },
      action: "backup.delete",
      target: { backupId: 31 },
      ip: null,
      outcome: { code: "provider_unavailable", message: "VPS.org failed" },
    });
    await recordPoll(store.db, { backups: [], servers: servers() }, at(1));
    const events = await store.db
      .selectFrom("account_event")
      .select(["backup_id", "actor_email", "detail"])
      .where("kind", "=", "backup.deleted")
      .orderBy("backup_id")
      .execute();
    expect(events.map((e) => [e.backup_id, e.actor_email, (JSON.parse(e.detail) as { by: string }).by])).toEqual([
      [30, "lan@example.com", "dashboard"],
      [31, null, "elsewhere"],
    ]);
  });
});
