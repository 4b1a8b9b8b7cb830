import type { Kysely } from "kysely";
import { describe, expect, it } from "vitest";
import { recordAudit, recordOutcome } from "@/lib/audit/server/audit-log";
import type { AuditEntryInput } from "@/lib/audit/server/audit-entry";
import type { AuditedBy } from "@/lib/audit/server/audited";
import type { Backup } from "@/lib/backups/schemas";
import { recoverInterruptedCreate } from "@/lib/backups/server/create-backup-once";
import type { Database } from "@/lib/db/schema";
import { acquireLease } from "@/lib/jobs/lease";
import type { ProviderServerList } from "@/lib/servers/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { reconcileAuditLog } from "@/lib/watcher/reconcile";
import { recordPoll, refreshRequestedAt } from "@/lib/watcher/snapshot";
import { WATCHER_LEASE } from "@/lib/watcher/serving";
import { backends, useStores } from "./helpers";

// The audit log's interrupted attempts (an `attempt` entry no outcome names: its instance stopped
// before VPS.org answered), settled once by the watcher's reconciliation or by a retry with the
// create's Idempotency-Key: `reconciled` naming what was found, or `unknown` after the timeout.

const ada = { id: "u-ada", email: "ada@example.com" };
const T0 = Date.UTC(2026, 11, 3, 10, 0);
/** `minutes` after the attempts of these tests. */
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const OPTIONS = { graceMs: 2 * 60_000, unknownAfterMs: 15 * 60_000 };

const backup = (id: number, extra: Partial<Backup> = {}): Backup => ({
  id,
  server: { id: 7, name: "web" },
  backup_type: "manual",
  status: "in_progress",
  size_mb: null,
  created_at: at(0)
    .toISOString()
    .replace(/\.\d+Z$/, "Z"),
  expires_at: null,
  description: "before upgrade",
  ...extra,
});
const servers = (status = "active"): ProviderServerList => ({
  count: 1,
  results: [{ id: 7, name: "web", status, hostname: null, ip_address: null, location: null, plan: null, os: null }],
  source: "provider",
  notice: null,
});

const createEntry = (outcome: AuditEntryInput["outcome"], description = "before upgrade"): AuditEntryInput => ({
  actor: ada,
  action: "backup.create",
  target: { serverId: 7, description },
  ip: "192.0.2.1",
  outcome,
});

/** The entries that settle `attemptId`. */
const outcomesOf = (db: Kysely<Database>, attemptId: number) =>
  db.selectFrom("audit_log").selectAll().where("attempt_id", "=", attemptId).execute();

describe.each(backends)("reconciling the audit log on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("settles an interrupted create with the backup the picture shows, naming it, once", async () => {
    const store = await newStore();
    const attempt = await recordAudit(store.db, createEntry("attempt"), at(0));
    await recordPoll(store.db, { backups: [backup(41)], servers: servers() }, at(1));

    // Within the grace period the request may still be waiting for VPS.org.
    expect((await reconcileAuditLog(store.db, { ...OPTIONS, now: at(1.5) })).written).toEqual([]);

    const { written } = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(3) });
    expect(written).toEqual([
      expect.objectContaining({
        createdAt: at(3).toISOString(),
        actor: ada,
        action: "backup.create",
        target: expect.objectContaining({
          serverId: "7",
          serverName: "web",
          backupId: "41",
          description: "before upgrade",
        }),
        ip: null,
        outcome: "reconciled",
        error: null,
      }),
    ]);
    expect(await outcomesOf(store.db, attempt.id)).toHaveLength(1);

    // Again, and from another instance: nothing more.
    const other = await secondInstance(store);
    expect((await reconcileAuditLog(store.db, { ...OPTIONS, now: at(4) })).written).toEqual([]);
    expect((await reconcileAuditLog(other.db, { ...OPTIONS, now: at(20) })).written).toEqual([]);
    expect(await outcomesOf(store.db, attempt.id)).toHaveLength(1);
  });

  it("records a create it finds no trace of as unknown after the timeout, saying why", async () => {
    const store = await newStore();
    const attempt = await recordAudit(store.db, createEntry("attempt"), at(0));
    // Another server's backup, another description, and one made before the attempt: none is it.
    await recordPoll(
      store.db,
      {
        backups: [
          backup(50, { server: { id: 8, name: "db" } }),
          backup(51, { description: "something else" }),
          backup(52, { created_at: "2026-12-03T09:59:00Z" }),
        ],
        servers: servers(),
      },
      at(1),
    );
    const pass = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(10) });
    expect(pass).toEqual({ written: [], open: 1 });

    const { written } = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(15) });
    expect(written).toEqual([
      expect.objectContaining({
        outcome: "unknown",
        target: expect.objectContaining({ serverId: "7", backupId: null }),
        error: {
          code: "outcome_unknown",
          message: expect.stringMatching(/could not tell whether VPS\.org made the backup/),
        },
      }),
    ]);
    expect(written[0]!.error!.message).toMatch(/15 minutes later no backup of this server with this description/);
    expect(await outcomesOf(store.db, attempt.id)).toHaveLength(1);
  });

  it("gives each of two interrupted creates its own backup, the oldest first, never one another create made", async () => {
    const store = await newStore();
    // A create that completed: backup 60 is its.
    const done = await recordAudit(store.db, createEntry("attempt"), at(0));
    await recordOutcome(store.db, done.id, { ...createEntry("success"), target: { serverId: 7, backupId: 60 } }, at(0));
    const first = await recordAudit(store.db, createEntry("attempt"), at(0));
    const second = await recordAudit(store.db, createEntry("attempt"), at(0));
    await recordPoll(
      store.db,
      {
        backups: [
          backup(62, { created_at: "2026-12-03T10:00:20Z" }),
          backup(61, { created_at: "2026-12-03T10:00:10Z" }),
          backup(60),
        ],
        servers: servers(),
      },
      at(1),
    );
    const { written } = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(3) });
    expect(written.map((entry) => entry.target.backupId)).toEqual(["61", "62"]);
    expect((await outcomesOf(store.db, first.id))[0]).toMatchObject({ backup_id: "61", outcome: "reconciled" });
    expect((await outcomesOf(store.db, second.id))[0]).toMatchObject({ backup_id: "62", outcome: "reconciled" });
    expect(await outcomesOf(store.db, done.id)).toHaveLength(1);
  });

  it("settles a delete once a poll after it no longer lists the backup; one still listed is unknown", async () => {
    const store = await newStore();
    const remove = (backupId: number): AuditEntryInput => ({
      actor: ada,
      action: "backup.delete",
      target: { serverId: 7, backupId },
      ip: null,
      outcome: "attempt",
    });
    await recordPoll(store.db, { backups: [backup(70), backup(71)], servers: servers() }, at(-1));
    const gone = await recordAudit(store.db, remove(70), at(0));
    const kept = await recordAudit(store.db, remove(71), at(0));
    // Made after that poll: the picture has never listed it.
    const unseen = await recordAudit(store.db, remove(72), at(0));
    // A picture older than the attempts cannot tell, not even of a backup it does not list.
    expect((await reconcileAuditLog(store.db, { ...OPTIONS, now: at(3) })).written).toEqual([]);

    await recordPoll(store.db, { backups: [backup(71)], servers: servers() }, at(4));
    const { written } = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(5) });
    expect(written.map((entry) => [entry.action, entry.target.backupId, entry.outcome])).toEqual([
      ["backup.delete", "70", "reconciled"],
      ["backup.delete", "72", "reconciled"],
    ]);
    expect(await outcomesOf(store.db, gone.id)).toHaveLength(1);
    expect(await outcomesOf(store.db, unseen.id)).toHaveLength(1);

    const later = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(16) });
    expect(later.written).toEqual([
      expect.objectContaining({
        outcome: "unknown",
        target: expect.objectContaining({ backupId: "71" }),
        error: expect.objectContaining({
          message: expect.stringMatching(/deleted the backup.*the backup is still listed/),
        }),
      }),
    ]);
    expect(await outcomesOf(store.db, kept.id)).toHaveLength(1);
  });

  it("settles a restore the watcher saw the server go through", async () => {
    const store = await newStore();
    await recordPoll(store.db, { backups: [backup(80, { status: "completed" })], servers: servers() }, at(-1));
    const restore = await recordAudit(
      store.db,
      { actor: ada, action: "server.restore", target: { serverId: 7, backupId: 80 }, ip: null, outcome: "attempt" },
      at(0),
    );
    await recordPoll(
      store.db,
      { backups: [backup(80, { status: "completed" })], servers: servers("restoring") },
      at(1),
    );
    const { written } = await reconcileAuditLog(store.db, { ...OPTIONS, now: at(3) });
    expect(written).toEqual([expect.objectContaining({ action: "server.restore", outcome: "reconciled" })]);
    expect(await outcomesOf(store.db, restore.id)).toHaveLength(1);
  });

  it("leaves attempts that have their outcome alone, and moves on past what is settled", async () => {
    const store = await newStore();
    const done = await recordAudit(store.db, createEntry("attempt"), at(0));
    await recordOutcome(store.db, done.id, createEntry({ code: "provider_refused", message: "quota" }), at(0));
    const open = await recordAudit(store.db, createEntry("attempt", "later"), at(10));
    await recordPoll(store.db, { backups: [], servers: servers() }, at(11));

    expect((await reconcileAuditLog(store.db, { ...OPTIONS, now: at(13) })).written).toEqual([]);
    const cursor = async () =>
      (await store.db.selectFrom("audit_reconciliation").select("settled_through").executeTakeFirstOrThrow())
        .settled_through;
    // Not past the open attempt.
    expect(await cursor()).toBe(open.id - 1);
    await reconcileAuditLog(store.db, { ...OPTIONS, now: at(26) });
    expect(await outcomesOf(store.db, open.id)).toEqual([expect.objectContaining({ outcome: "unknown" })]);
    // Up to the latest entry older than the grace period (the outcome just written is newer).
    expect(await cursor()).toBe(open.id);
  });

  it("appends one outcome per attempt, whoever writes first", async () => {
    const store = await newStore();
    const other = await secondInstance(store);
    const attempt = await recordAudit(store.db, createEntry("attempt"), at(0));
    const results = await Promise.all([
      recordOutcome(store.db, attempt.id, createEntry("reconciled"), at(3)),
      recordOutcome(other.db, attempt.id, createEntry("reconciled"), at(3)),
    ]);
    expect(results.filter((entry) => entry !== null)).toHaveLength(1);
    expect(await outcomesOf(store.db, attempt.id)).toHaveLength(1);
  });

  describe("a retry with the Idempotency-Key of an interrupted create", () => {
    const by = (store: AuditedBy["store"]): AuditedBy => ({
      store,
      session: { user: { id: ada.id, email: ada.email } } as unknown as AuditedBy["session"],
      ip: "192.0.2.9",
    });
    const input = { server_id: 7, description: "before upgrade" };
    /** VPS.org's list, for the retry that reads it itself. */
    const provider = (backups: Backup[]) => {
      const calls: string[] = [];
      const upstream = {
        listAll: async (path: string) => {
          calls.push(path);
          return backups.map((b) => ({ ...b, server: { ...b.server } }));
        },
      } as unknown as VpsorgTransport;
      return { upstream, calls };
    };

    it("answers the backup from the watcher's next picture, reconciled once (the watcher then adds nothing)", async () => {
      const store = await newStore();
      const startedAt = new Date();
      const attempt = await recordAudit(store.db, createEntry("attempt"));
      const made = backup(90, { created_at: new Date(startedAt.getTime() + 1000).toISOString() });
      await recordPoll(store.db, { backups: [], servers: servers() }, new Date(startedAt.getTime() - 60_000));
      await acquireLease(store.db, WATCHER_LEASE, "the-watcher", 60_000);
      const { upstream, calls } = provider([]);

      // The watcher, as the lease holder: it polls when asked to.
      const watcher = (async () => {
        const asked = startedAt.getTime();
        while (((await refreshRequestedAt(store.db))?.getTime() ?? 0) < asked)
          await new Promise((r) => setTimeout(r, 20));
        await new Promise((r) => setTimeout(r, 10)); // its poll ends after the request
        await recordPoll(store.db, { backups: [made], servers: servers() });
      })();
      const answer = await recoverInterruptedCreate(by(store), upstream, input, startedAt, { waitMs: 5000 });
      await watcher;

      expect(answer).toMatchObject({ id: 90, server: { id: 7 }, created_by: { email: ada.email } });
      expect(calls).toEqual([]); // VPS.org was not asked
      expect(await outcomesOf(store.db, attempt.id)).toEqual([
        expect.objectContaining({ outcome: "reconciled", backup_id: "90", ip: "192.0.2.9" }),
      ]);
      const later = new Date(Date.now() + 20 * 60_000);
      expect((await reconcileAuditLog(store.db, { ...OPTIONS, now: later })).written).toEqual([]);
      expect(await outcomesOf(store.db, attempt.id)).toHaveLength(1);
    });

    it("answers the backup the watcher already reconciled the attempt with", async () => {
      const store = await newStore();
      const startedAt = new Date();
      const attempt = await recordAudit(store.db, createEntry("attempt"));
      const made = backup(91, { created_at: startedAt.toISOString() });
      await recordOutcome(store.db, attempt.id, {
        ...createEntry("reconciled"),
        target: { serverId: 7, backupId: 91 },
      });
      // No watcher: VPS.org's list is read.
      const { upstream, calls } = provider([backup(92, { created_at: startedAt.toISOString() }), made]);
      const answer = await recoverInterruptedCreate(by(store), upstream, input, startedAt);
      expect(answer?.id).toBe(91);
      expect(calls).toEqual(["/backups/"]);
      expect(await outcomesOf(store.db, attempt.id)).toHaveLength(1);
    });

    it("finds nothing when the attempt is not on record: VPS.org was never asked", async () => {
      const store = await newStore();
      const startedAt = new Date();
      const { upstream, calls } = provider([backup(93, { created_at: startedAt.toISOString() })]);
      expect(await recoverInterruptedCreate(by(store), upstream, input, startedAt)).toBeNull();
      expect(calls).toEqual([]);

      const attempt = await recordAudit(store.db, createEntry("attempt"));
      expect((await recoverInterruptedCreate(by(store), upstream, input, startedAt))?.id).toBe(93);
      expect(await outcomesOf(store.db, attempt.id)).toEqual([
        expect.objectContaining({ outcome: "reconciled", backup_id: "93", ip: "192.0.2.9" }),
      ]);
    });

    it("reads VPS.org's list when the watcher's picture does not come in time", async () => {
      const store = await newStore();
      const startedAt = new Date();
      await acquireLease(store.db, WATCHER_LEASE, "a-silent-watcher", 60_000);
      const attempt = await recordAudit(store.db, createEntry("attempt"));
      const { upstream, calls } = provider([backup(94, { created_at: startedAt.toISOString() })]);
      const answer = await recoverInterruptedCreate(by(store), upstream, input, startedAt, { waitMs: 300 });
      expect(answer?.id).toBe(94);
      expect(await refreshRequestedAt(store.db)).not.toBeNull(); // it was asked for
      expect(calls).toEqual(["/backups/"]);
      expect(await outcomesOf(store.db, attempt.id)).toEqual([expect.objectContaining({ outcome: "reconciled" })]);
    });
  });
});
