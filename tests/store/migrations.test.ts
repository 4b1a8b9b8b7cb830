import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { recordAudit } from "@/lib/audit/server/audit-log";
import { getStore } from "@/lib/store/store";
import { addTestUser, backends, signIn, useStores } from "./helpers";

/** The one migration step of the first release: databases in the wild have it. */
const FIRST_RELEASE = "2025-01-01-001-audit-sign-in-setup";

const tablesOf = async (store: { db: import("kysely").Kysely<import("@/lib/db/schema").Database> }) =>
  (await store.db.introspection.getTables()).map((table) => table.name).sort();

/** Tables of later steps that the first release did not have and that need nothing else undone. */
const LATER_TABLES = [
  "audit_refusal_window",
  "rate_limit_window",
  "idempotency_key",
  "job_lease",
  "account_snapshot",
  "backup_history",
  "account_event",
  "circuit_breaker",
  "audit_reconciliation",
  "user_preference",
  "freshness_policy",
  "server_health_state",
  "notification_channel",
  "notification",
  "notification_delivery",
  "notification_attempt",
  "notification_rule_state",
  "backup_schedule",
  "schedule_run",
  "schedule_run_server",
  "backup_protection",
  "api_key",
];

describe.each(backends)("migrations on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("create Better Auth's tables and ours in an empty database", async () => {
    const store = await newStore();
    expect(await tablesOf(store)).toEqual(
      expect.arrayContaining([
        "user",
        "session",
        "account",
        "verification",
        "rateLimit",
        "audit_log",
        "sign_in_attempt",
        "setup_token",
      ]),
    );
    const userColumns = (await store.db.introspection.getTables())
      .find((table) => table.name === "user")!
      .columns.map((c) => c.name);
    // The admin plugin's columns.
    expect(userColumns).toEqual(expect.arrayContaining(["role", "banned", "banReason", "banExpires"]));
  });

  it("run again on start-up without changing anything or losing data", async () => {
    const store = await newStore();
    const user = await addTestUser(store, "kept@example.com");
    const before = await tablesOf(store);
    const again = await secondInstance(store);
    expect(await tablesOf(again)).toEqual(before);
    expect(await again.db.selectFrom("user").select("id").execute()).toEqual([{ id: user.id }]);
  });

  it("keep side-by-side databases (or PostgreSQL schemas) apart", async () => {
    const [a, b] = await Promise.all([newStore(), newStore()]);
    await addTestUser(a, "only-in-a@example.com");
    expect(await b.db.selectFrom("user").select("email").execute()).toEqual([]);
  });

  it("let two instances start on the same database at once", async () => {
    const store = await newStore();
    const [a, b] = await Promise.all([secondInstance(store), secondInstance(store)]);
    expect(await tablesOf(a)).toEqual(await tablesOf(b));
  });

  it("upgrade a database of the first release, keeping what it holds", async () => {
    const store = await newStore();
    // Back to what the first release left: its one step, with a sign-in attempt of its own kind.
    await store.db.schema.dropTable("sign_in_known_address").execute();
    await store.db.schema.dropTable("provider_health").execute();
    for (const table of LATER_TABLES) await store.db.schema.dropTable(table).execute();
    await store.db.schema.dropIndex("sign_in_attempt_pair_idx").execute();
    await store.db.schema.alterTable("sign_in_attempt").dropColumn("pair").execute();
    await store.db
      .deleteFrom("kysely_migration" as never)
      .where("name" as never, "!=", FIRST_RELEASE as never)
      .execute();
    await sql`insert into sign_in_attempt (bucket, attempted_at) values ('ip:old', ${new Date().toISOString()})`.execute(
      store.db,
    );
    const user = await addTestUser(store, "kept@example.com");
    await store.db.schema.dropIndex("audit_log_attempt_id_idx").execute();
    await store.db.schema.alterTable("audit_log").dropColumn("attempt_id").execute();
    for (const column of ["via_kind", "via_id", "via_name"]) {
      await store.db.schema.alterTable("audit_log").dropColumn(column).execute();
    }
    // An attempt of the first release and its outcome, which names no attempt.
    const legacyEntry = async (outcome: string) =>
      (
        await sql<{ id: number }>`insert into audit_log (created_at, action, backup_id, outcome)
          values (${new Date().toISOString()}, 'backup.delete', '7', ${outcome}) returning id`.execute(store.db)
      ).rows[0]!;
    const attempt = await legacyEntry("attempt");
    const outcome = await legacyEntry("success");

    const upgraded = await secondInstance(store);
    expect(await tablesOf(upgraded)).toEqual(
      expect.arrayContaining(["sign_in_attempt", "sign_in_known_address", "provider_health", ...LATER_TABLES]),
    );
    expect(await tablesOf(upgraded)).not.toContain("refusal_window");
    expect(await upgraded.db.selectFrom("sign_in_attempt").select(["bucket", "pair"]).execute()).toEqual([
      { bucket: "ip:old", pair: null },
    ]);
    expect(await upgraded.db.selectFrom("user").select("id").execute()).toEqual([{ id: user.id }]);
    expect((await signIn(upgraded, "kept@example.com")).status).toBe(200);
    // The audit log keeps its entries and their ids, takes the new outcomes, and the reconciliation
    // starts after the entries that predate it.
    expect(
      await upgraded.db
        .selectFrom("audit_log")
        .select(["id", "outcome", "attempt_id"])
        .where("action", "=", "backup.delete")
        .orderBy("id")
        .execute(),
    ).toEqual([
      { id: attempt.id, outcome: "attempt", attempt_id: null },
      { id: outcome.id, outcome: "success", attempt_id: null },
    ]);
    expect(await upgraded.db.selectFrom("audit_reconciliation").selectAll().execute()).toEqual([
      { id: 1, settled_through: outcome.id },
    ]);
    const unknown = { actor: null, action: "backup.delete", outcome: { unknown: "not seen" } } as const;
    await expect(recordAudit(upgraded.db, unknown)).resolves.toMatchObject({
      outcome: "unknown",
    });
    await expect(sql`delete from audit_log`.execute(upgraded.db)).rejects.toThrow(/append-only/);
  });

  it("make the audit log append-only in the database itself", async () => {
    const store = await newStore();
    await recordAudit(store.db, { actor: null, action: "backup.create", outcome: "success" });
    await expect(sql`update audit_log set action = 'backup.delete'`.execute(store.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(store.db)).rejects.toThrow(/append-only/);
    expect(await store.db.selectFrom("audit_log").select("action").execute()).toEqual([{ action: "backup.create" }]);
  });
});

describe("the process's store", () => {
  it("is opened from the environment and migrated once, then shared", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "vpsdash-getstore-"));
    vi.stubEnv("DATABASE_URL", `file:${path.join(dir, "dashboard.sqlite")}`);
    vi.stubEnv("BETTER_AUTH_SECRET", "x".repeat(40));
    try {
      const [first, second] = await Promise.all([getStore(), getStore()]);
      expect(second).toBe(first);
      expect(await getStore()).toBe(first);
      expect(await tablesOf(first)).toEqual(expect.arrayContaining(["user", "session", "audit_log"]));
      await first.close();
    } finally {
      delete (globalThis as { __vpsdashStore?: unknown }).__vpsdashStore;
      vi.unstubAllEnvs();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
