import "server-only";
import { Kysely, Migrator, sql, type Migration, type MigrationProvider, type RawBuilder } from "kysely";
import type { Dialect } from "@/lib/db/schema";

// Our own tables, migrated by Kysely's Migrator (it records what ran in `kysely_migration` and
// takes a lock, so two instances starting together do not both run a step). Better Auth's tables
// are migrated separately by its own `getMigrations` (lib/store/store.ts). Append steps; never edit one
// that has shipped.

function columnTypes(dialect: Dialect) {
  return dialect === "postgres"
    ? { id: sql`serial`, time: sql`timestamptz` }
    : // INTEGER PRIMARY KEY is SQLite's rowid alias: it numbers new rows itself.
      { id: sql`integer`, time: sql`text` };
}

function migrations(dialect: Dialect): Record<string, Migration> {
  const t = columnTypes(dialect);
  return {
    "2025-01-01-001-audit-sign-in-setup": {
      async up(db: Kysely<unknown>) {
        // Mutations write an `attempt` entry before calling VPS.org, then their outcome (lib/audit/server/audited.ts).
        await db.schema
          .createTable("audit_log")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("created_at", t.time, (c) => c.notNull())
          .addColumn("actor_id", "text")
          .addColumn("actor_email", "text")
          .addColumn("action", "text", (c) => c.notNull())
          .addColumn("server_id", "text")
          .addColumn("server_name", "text")
          .addColumn("backup_id", "text")
          .addColumn("target_user_id", "text")
          .addColumn("target_user_email", "text")
          .addColumn("description", "text")
          .addColumn("ip", "text")
          .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('attempt', 'success', 'failure')`))
          .addColumn("error_code", "text")
          .addColumn("error_message", "text")
          .execute();
        for (const column of ["created_at", "actor_id", "action", "server_id", "backup_id"]) {
          await addIndex(db, `audit_log_${column}_idx`, "audit_log", [column]);
        }
        await appendOnly(db, dialect);

        await db.schema
          .createTable("sign_in_attempt")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("bucket", "text", (c) => c.notNull())
          .addColumn("attempted_at", t.time, (c) => c.notNull())
          .execute();
        await addIndex(db, "sign_in_attempt_bucket_idx", "sign_in_attempt", ["bucket", "attempted_at"]);
        await addIndex(db, "sign_in_attempt_time_idx", "sign_in_attempt", ["attempted_at"]);

        await db.schema
          .createTable("setup_token")
          .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn("token_hash", "text", (c) => c.notNull())
          .addColumn("created_at", t.time, (c) => c.notNull())
          .addColumn("expires_at", t.time, (c) => c.notNull())
          .addColumn("used_at", t.time)
          .execute();
      },
    },
    "2026-12-01-002-sign-in-pairs": {
      async up(db: Kysely<unknown>) {
        // Each attempt names its (account, address) pair, so a successful sign-in forgets exactly its
        // own pair's failures; pairs that signed in are known, and the per-account ceiling spares them
        // (lib/auth/sign-in-limit.ts). Rows of the first release have no pair and simply age out.
        await db.schema.alterTable("sign_in_attempt").addColumn("pair", "text").execute();
        await addIndex(db, "sign_in_attempt_pair_idx", "sign_in_attempt", ["pair"]);
        await db.schema
          .createTable("sign_in_known_address")
          .addColumn("pair", "text", (c) => c.primaryKey())
          .addColumn("signed_in_at", t.time, (c) => c.notNull())
          .execute();
        await addIndex(db, "sign_in_known_address_time_idx", "sign_in_known_address", ["signed_in_at"]);
      },
    },
    "2026-12-01-003-provider-health": {
      async up(db: Kysely<unknown>) {
        // The last health check of VPS.org, shared by every instance: anonymous GET /api/health answers
        // from it, and the instance that claims `checking_until` is the one that asks VPS.org again.
        await db.schema
          .createTable("provider_health")
          .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn("checked_at", t.time)
          .addColumn("result", "text")
          .addColumn("checking_until", t.time)
          .execute();
      },
    },
    "2026-12-01-004-refusal-window": {
      async up(db: Kysely<unknown>) {
        // Refused requests (CSRF, no session, a role without the permission, bad input) on the audited
        // routes, counted per (action, code, who, address) and minute, so a flood writes a bounded number
        // of audit entries: the first refusal of each minute, and one summary of the rest.
        await db.schema
          .createTable("refusal_window")
          .addColumn("key", "text", (c) => c.primaryKey())
          .addColumn("window_start", "text", (c) => c.notNull())
          .addColumn("count", "integer", (c) => c.notNull())
          .addColumn("previous_window", "text")
          .addColumn("previous_count", "integer", (c) => c.notNull().defaultTo(0))
          .execute();
      },
    },
    "2026-12-02-005-bounded-refusals": {
      async up(db: Kysely<unknown>) {
        // Refused attempts (on the audited routes, and failed sign-ins and setup attempts) counted per
        // kind and minute, with bounds per address and per action (lib/audit/server/refusals.ts); the
        // summary of a minute is written when it has closed. Replaces refusal_window, whose open
        // counts (at most one minute's) are dropped.
        await db.schema.dropTable("refusal_window").ifExists().execute();
        await db.schema
          .createTable("audit_refusal_window")
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("window_start", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('entry', 'suppressed', 'counter')`))
          .addColumn("count", "integer", (c) => c.notNull())
          .addColumn("action", "text")
          .addColumn("code", "text")
          .addColumn("actor_id", "text")
          .addColumn("actor_email", "text")
          .addColumn("ip", "text")
          .addColumn("address", "text")
          .addColumn("target", "text")
          .addColumn("message", "text")
          .addPrimaryKeyConstraint("audit_refusal_window_pk", ["key", "window_start"])
          .execute();
        await addIndex(db, "audit_refusal_window_time_idx", "audit_refusal_window", ["window_start"]);
        // Fixed one-minute (or longer) windows of attempts per key, for limits other than the
        // sign-in's own (lib/api/rate-limit.ts): setup attempts per address.
        await db.schema
          .createTable("rate_limit_window")
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("window_start", "text", (c) => c.notNull())
          .addColumn("count", "integer", (c) => c.notNull())
          .addPrimaryKeyConstraint("rate_limit_window_pk", ["key", "window_start"])
          .execute();
        await addIndex(db, "rate_limit_window_time_idx", "rate_limit_window", ["window_start"]);
      },
    },
    "2026-12-02-007-watcher": {
      async up(db: Kysely<unknown>) {
        // Leases: one holder per name across every instance (lib/jobs/lease.ts); the watcher's is "watcher".
        await db.schema
          .createTable("job_lease")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("holder", "text", (c) => c.notNull())
          .addColumn("acquired_at", t.time, (c) => c.notNull())
          .addColumn("renewed_at", t.time, (c) => c.notNull())
          .addColumn("expires_at", t.time, (c) => c.notNull())
          .execute();
        // The watcher's latest picture of the account (lib/watcher/snapshot.ts): one row, its
        // generation counting the pictures that differed, the last poll's failure beside the last
        // good picture, and the refresh an instance asked for after a change.
        await db.schema
          .createTable("account_snapshot")
          .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn("generation", "integer", (c) => c.notNull())
          .addColumn("taken_at", t.time)
          .addColumn("polled_at", t.time)
          .addColumn("backups", "text")
          .addColumn("servers", "text")
          .addColumn("etag", "text")
          .addColumn("error_code", "text")
          .addColumn("error_message", "text")
          .addColumn("error_since", t.time)
          .addColumn("refresh_requested_at", t.time)
          .execute();
        // Every backup the watcher ever saw, kept HISTORY_DAYS after it vanished.
        await db.schema
          .createTable("backup_history")
          .addColumn("backup_id", "integer", (c) => c.primaryKey())
          .addColumn("server_id", "integer", (c) => c.notNull())
          .addColumn("server_name", "text", (c) => c.notNull())
          .addColumn("backup_type", "text", (c) => c.notNull())
          .addColumn("description", "text", (c) => c.notNull())
          .addColumn("status", "text", (c) => c.notNull())
          .addColumn("size_mb", "double precision")
          .addColumn("created_at", "text", (c) => c.notNull())
          .addColumn("expires_at", "text")
          .addColumn("completed_at", t.time)
          .addColumn("first_seen_at", t.time, (c) => c.notNull())
          .addColumn("last_seen_at", t.time, (c) => c.notNull())
          .addColumn("vanished_at", t.time)
          .addColumn("vanish_reason", "text")
          .addColumn("deleted_by", "text")
          .execute();
        await addIndex(db, "backup_history_server_idx", "backup_history", ["server_id", "created_at"]);
        await addIndex(db, "backup_history_vanished_idx", "backup_history", ["vanished_at"]);
        // What changed, as the watcher saw it (lib/watcher/changes.ts), kept HISTORY_DAYS.
        await db.schema
          .createTable("account_event")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("at", t.time, (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("server_id", "integer")
          .addColumn("server_name", "text")
          .addColumn("backup_id", "integer")
          .addColumn("actor_email", "text")
          .addColumn("detail", "text", (c) => c.notNull())
          .execute();
        await addIndex(db, "account_event_at_idx", "account_event", ["at"]);
        await addIndex(db, "account_event_server_idx", "account_event", ["server_id", "at"]);
      },
    },
    "2026-12-02-006-idempotency": {
      async up(db: Kysely<unknown>) {
        // Idempotency-Key records, shared by every instance (lib/api/idempotency-store.ts): one row per
        // (route and user, key), claimed by one insert, so of two instances racing one key exactly one
        // asks VPS.org. A `pending` row is written before VPS.org is called and its lease renewed while
        // the request runs; a lease that ran out marks an attempt whose instance died.
        await db.schema
          .createTable("idempotency_key")
          .addColumn("scope", "text", (c) => c.notNull())
          .addColumn("key", "text", (c) => c.notNull())
          .addColumn("fingerprint", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'done', 'failed')`))
          .addColumn("attempt", "text", (c) => c.notNull())
          .addColumn("holder", "text", (c) => c.notNull())
          .addColumn("lease_until", t.time, (c) => c.notNull())
          .addColumn("status", "integer")
          .addColumn("headers", "text")
          .addColumn("body", "text")
          .addColumn("created_at", t.time, (c) => c.notNull())
          .addColumn("expires_at", t.time, (c) => c.notNull())
          .addPrimaryKeyConstraint("idempotency_key_pk", ["scope", "key"])
          .execute();
        await addIndex(db, "idempotency_key_expires_idx", "idempotency_key", ["expires_at"]);
      },
    },
    "2026-12-02-008-snapshot-confirmed": {
      async up(db: Kysely<unknown>) {
        // When a poll last confirmed the picture (polled_at also moves on a failed poll): the
        // answers' snapshot_at, how fresh the list a page shows is.
        await db.schema.alterTable("account_snapshot").addColumn("confirmed_at", t.time).execute();
      },
    },
    "2026-12-03-009-circuit-breaker": {
      async up(db: Kysely<unknown>) {
        // The circuit breaker in front of VPS.org, one for every instance (lib/vpsorg/stored-circuit-breaker.ts):
        // failures counted across instances, open for all, and the claim of the one half-open probe,
        // which expires so that a prober that died does not keep the circuit from closing.
        await db.schema
          .createTable("circuit_breaker")
          .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn("failures", "integer", (c) => c.notNull())
          .addColumn("open_until", t.time)
          .addColumn("probe_id", "text")
          .addColumn("probe_until", t.time)
          .execute();
        await sql`insert into circuit_breaker (id, failures) values (1, 0)`.execute(db);
      },
    },
    "2026-12-03-010-audit-outcome-links": {
      async up(db: Kysely<unknown>) {
        // An outcome entry names the attempt it settles (`attempt_id`), at most one per attempt: the unique
        // index is what lets a retry's recovery and the watcher's reconciliation race for an interrupted
        // attempt and append one outcome between them. Two outcomes join: `reconciled` (found afterwards)
        // and `unknown` (not found in time) (lib/watcher/reconcile.ts).
        const outcomes = sql`outcome in ('attempt', 'success', 'failure', 'reconciled', 'unknown')`;
        if (dialect === "postgres") {
          await sql`alter table audit_log drop constraint audit_log_outcome_check`.execute(db);
          await db.schema.alterTable("audit_log").addCheckConstraint("audit_log_outcome_check", outcomes).execute();
          await db.schema.alterTable("audit_log").addColumn("attempt_id", "integer").execute();
        } else {
          await rebuildSqliteAuditLog(db, outcomes);
        }
        await db.schema.createIndex("audit_log_attempt_id_idx").unique().on("audit_log").column("attempt_id").execute();
        // How far the reconciliation has settled every attempt. It starts past the entries of earlier
        // releases, whose outcomes name no attempt.
        await db.schema
          .createTable("audit_reconciliation")
          .addColumn("id", "integer", (c) => c.primaryKey().check(sql`id = 1`))
          .addColumn("settled_through", "integer", (c) => c.notNull())
          .execute();
        await sql`insert into audit_reconciliation (id, settled_through) select 1, coalesce(max(id), 0) from audit_log`.execute(
          db,
        );
      },
    },
    "2026-12-03-011-events-by-server": {
      async up(db: Kysely<unknown>) {
        // GET /api/events?server_id= reads one server's events newest first by id (lib/events/server/list-events.ts).
        await addIndex(db, "account_event_server_id_idx", "account_event", ["server_id", "id"]);
      },
    },
    "2026-12-04-012-user-preferences": {
      async up(db: Kysely<unknown>) {
        // What a user chose for themselves (their language), kept with their account on every instance.
        await db.schema
          .createTable("user_preference")
          .addColumn("user_id", "text", (c) => c.primaryKey().references("user.id").onDelete("cascade"))
          .addColumn("locale", "text", (c) => c.notNull())
          .addColumn("updated_at", t.time, (c) => c.notNull())
          .execute();
      },
    },
    "2026-12-05-013-backup-health": {
      async up(db: Kysely<unknown>) {
        // The freshness policy (lib/backup-health/server/policies.ts): server 0 is the threshold for
        // all servers; a server's row sets its own threshold (null: the one for all) or turns it off.
        await db.schema
          .createTable("freshness_policy")
          .addColumn("server_id", "integer", (c) => c.primaryKey())
          .addColumn("late_after_hours", "integer")
          .addColumn("checks", "integer", (c) => c.notNull().defaultTo(1))
          .addColumn("updated_at", t.time, (c) => c.notNull())
          .addColumn("updated_by", "text")
          .execute();
        // Each server's last known health, so a notification goes out once per transition, with a
        // daily reminder at most (lib/backup-health/server/transitions.ts).
        await db.schema
          .createTable("server_health_state")
          .addColumn("server_id", "integer", (c) => c.primaryKey())
          .addColumn("state", "text", (c) => c.notNull())
          .addColumn("since", t.time, (c) => c.notNull())
          .addColumn("notified_at", t.time)
          .execute();
      },
    },
    "2026-12-05-014-notifications": {
      async up(db: Kysely<unknown>) {
        // Where notifications go (lib/notifications/server/channels.ts): a generic signed webhook, a Slack
        // incoming webhook or an email address. `secret` is encrypted at rest (the webhook's signing
        // secret, or Slack's URL, which is one); `target` is what may be shown (the webhook's URL, the address).
        await db.schema
          .createTable("notification_channel")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull().check(sql`kind in ('webhook', 'slack', 'email')`))
          .addColumn("target", "text", (c) => c.notNull())
          .addColumn("secret", "text")
          .addColumn("locale", "text", (c) => c.notNull())
          .addColumn("paused", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("created_at", t.time, (c) => c.notNull())
          .execute();
        // The outbox (lib/notifications/server/outbox.ts): one row per notification, written in the
        // transaction of the change that caused it; `key` makes enqueuing the same thing twice one row.
        await db.schema
          .createTable("notification")
          .addColumn("id", "text", (c) => c.primaryKey())
          .addColumn("key", "text", (c) => c.notNull().unique())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("at", t.time, (c) => c.notNull())
          .addColumn("server_id", "integer")
          .addColumn("server_name", "text")
          .addColumn("backup_id", "integer")
          .addColumn("detail", "text", (c) => c.notNull())
          .addColumn("path", "text", (c) => c.notNull())
          .addColumn("created_at", t.time, (c) => c.notNull())
          .execute();
        await addIndex(db, "notification_created_idx", "notification", ["created_at"]);
        // One delivery per notification and channel (a stored channel's id, or "env:webhook" …), claimed
        // by one instance at a time (`claim_until`), retried with backoff until `next_at`.
        await db.schema
          .createTable("notification_delivery")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("notification_id", "text", (c) => c.notNull())
          .addColumn("channel", "text", (c) => c.notNull())
          .addColumn("state", "text", (c) => c.notNull().check(sql`state in ('pending', 'delivered', 'failed')`))
          .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
          .addColumn("next_at", t.time, (c) => c.notNull())
          .addColumn("claim_until", t.time)
          .addColumn("claimed_by", "text")
          .addColumn("last_status", "integer")
          .addColumn("last_answer", "text")
          .addColumn("last_attempt_at", t.time)
          .addColumn("created_at", t.time, (c) => c.notNull())
          .addUniqueConstraint("notification_delivery_once", ["notification_id", "channel"])
          .execute();
        await addIndex(db, "notification_delivery_due_idx", "notification_delivery", ["state", "next_at"]);
        await addIndex(db, "notification_delivery_channel_idx", "notification_delivery", ["channel", "id"]);
        // Every attempt of every delivery: its HTTP status or SMTP answer.
        await db.schema
          .createTable("notification_attempt")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("delivery_id", "integer", (c) => c.notNull())
          .addColumn("at", t.time, (c) => c.notNull())
          .addColumn("ok", "integer", (c) => c.notNull())
          .addColumn("status", "integer")
          .addColumn("answer", "text")
          .execute();
        await addIndex(db, "notification_attempt_delivery_idx", "notification_attempt", ["delivery_id"]);
        // What the rules remember between polls (the provider outage already notified), in the store.
        await db.schema
          .createTable("notification_rule_state")
          .addColumn("name", "text", (c) => c.primaryKey())
          .addColumn("value", "text")
          .addColumn("updated_at", t.time, (c) => c.notNull())
          .execute();
      },
    },
    "2026-12-07-015-schedules-protection": {
      async up(db: Kysely<unknown>) {
        // What an entry was done through, besides who: a schedule (its creator is the actor) or, later,
        // an API key. Adding columns touches no row, so the append-only triggers stand.
        for (const column of ["via_kind", "via_id", "via_name"]) {
          await db.schema.alterTable("audit_log").addColumn(column, "text").execute();
        }
        // The team's own backup schedules (lib/schedules/server/schedules.ts). `handled_through`: every
        // due time up to it has had its run (or was before the schedule existed, or while it was paused).
        await db.schema
          .createTable("backup_schedule")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("cron", "text", (c) => c.notNull())
          .addColumn("timezone", "text", (c) => c.notNull())
          .addColumn("all_servers", "integer", (c) => c.notNull())
          .addColumn("server_ids", "text", (c) => c.notNull())
          .addColumn("description_template", "text", (c) => c.notNull())
          .addColumn("keep_last", "integer", (c) => c.notNull())
          .addColumn("enabled", "integer", (c) => c.notNull())
          .addColumn("created_at", t.time, (c) => c.notNull())
          .addColumn("created_by_id", "text", (c) => c.notNull())
          .addColumn("created_by_email", "text", (c) => c.notNull())
          .addColumn("updated_at", t.time, (c) => c.notNull())
          .addColumn("handled_through", t.time, (c) => c.notNull())
          .execute();
        // One run per schedule and due time, whichever instance gets there: the unique pair is the claim.
        await db.schema
          .createTable("schedule_run")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("schedule_id", "integer", (c) => c.notNull())
          .addColumn("due_at", t.time, (c) => c.notNull())
          .addColumn("started_at", t.time, (c) => c.notNull())
          .addColumn("missed", "integer", (c) => c.notNull().defaultTo(0))
          .addUniqueConstraint("schedule_run_once", ["schedule_id", "due_at"])
          .execute();
        // Each server of a run: `pending` is written before VPS.org is asked (so a crash never asks again),
        // then `started` with the backup, `completed`, `failed` or `skipped` with why.
        await db.schema
          .createTable("schedule_run_server")
          .addColumn("run_id", "integer", (c) => c.notNull())
          .addColumn("schedule_id", "integer", (c) => c.notNull())
          .addColumn("server_id", "integer", (c) => c.notNull())
          .addColumn("server_name", "text")
          .addColumn("state", "text", (c) =>
            c.notNull().check(sql`state in ('pending', 'started', 'completed', 'failed', 'skipped')`),
          )
          .addColumn("backup_id", "integer")
          .addColumn("description", "text")
          .addColumn("attempt_id", "integer")
          .addColumn("reason_code", "text")
          .addColumn("reason", "text")
          .addColumn("started_at", t.time, (c) => c.notNull())
          .addColumn("finished_at", t.time)
          .addColumn("pruned_at", t.time)
          .addColumn("pruned", "text")
          .addPrimaryKeyConstraint("schedule_run_server_pk", ["run_id", "server_id"])
          .execute();
        await addIndex(db, "schedule_run_server_state_idx", "schedule_run_server", ["state"]);
        await addIndex(db, "schedule_run_server_backup_idx", "schedule_run_server", ["backup_id"]);
        await addIndex(db, "schedule_run_server_schedule_idx", "schedule_run_server", ["schedule_id", "server_id"]);
        // Backups the dashboard refuses to delete (by a person, a bulk action or retention) until unprotected.
        // VPS.org does not know of it.
        await db.schema
          .createTable("backup_protection")
          .addColumn("backup_id", "integer", (c) => c.primaryKey())
          .addColumn("server_id", "integer")
          .addColumn("protected_by_id", "text", (c) => c.notNull())
          .addColumn("protected_by_email", "text", (c) => c.notNull())
          .addColumn("protected_at", t.time, (c) => c.notNull())
          .execute();
      },
    },
    "2026-12-07-016-api-keys": {
      async up(db: Kysely<unknown>) {
        // Personal API keys (lib/api-keys/server/api-keys.ts): only the SHA-256 of the key is kept, and
        // the first characters to tell keys apart. A revoked or expired key stays listed (and named in
        // the audit log) but authenticates nothing.
        await db.schema
          .createTable("api_key")
          .addColumn("id", t.id, (c) => c.primaryKey())
          .addColumn("user_id", "text", (c) => c.notNull())
          .addColumn("user_email", "text", (c) => c.notNull())
          .addColumn("name", "text", (c) => c.notNull())
          .addColumn("role", "text", (c) => c.notNull())
          .addColumn("prefix", "text", (c) => c.notNull())
          .addColumn("key_hash", "text", (c) => c.notNull().unique())
          .addColumn("created_at", t.time, (c) => c.notNull())
          .addColumn("expires_at", t.time, (c) => c.notNull())
          .addColumn("last_used_at", t.time)
          .addColumn("revoked_at", t.time)
          .addColumn("revoked_by_email", "text")
          .execute();
        await addIndex(db, "api_key_user_idx", "api_key", ["user_id"]);
      },
    },
  };
}

function addIndex(db: Kysely<unknown>, name: string, table: string, columns: string[]): Promise<void> {
  return db.schema.createIndex(name).on(table).columns(columns).execute();
}

const AUDIT_LOG_COLUMNS = [
  "id",
  "created_at",
  "actor_id",
  "actor_email",
  "action",
  "server_id",
  "server_name",
  "backup_id",
  "target_user_id",
  "target_user_email",
  "description",
  "ip",
  "outcome",
  "error_code",
  "error_message",
];

/**
 * SQLite cannot change a column's CHECK: the audit log is rebuilt with the new one and `attempt_id`, its
 * ids kept, the way SQLite's documentation describes (dropping a table fires none of its triggers),
 * in one transaction; its indexes and append-only triggers are made again on the new table.
 */
async function rebuildSqliteAuditLog(db: Kysely<unknown>, outcomes: RawBuilder<unknown>): Promise<void> {
  const t = columnTypes("sqlite");
  await sql`begin immediate`.execute(db);
  try {
    await db.schema
      .createTable("audit_log_next")
      .addColumn("id", t.id, (c) => c.primaryKey())
      .addColumn("created_at", t.time, (c) => c.notNull())
      .addColumn("actor_id", "text")
      .addColumn("actor_email", "text")
      .addColumn("action", "text", (c) => c.notNull())
      .addColumn("server_id", "text")
      .addColumn("server_name", "text")
      .addColumn("backup_id", "text")
      .addColumn("target_user_id", "text")
      .addColumn("target_user_email", "text")
      .addColumn("description", "text")
      .addColumn("ip", "text")
      .addColumn("outcome", "text", (c) => c.notNull().check(outcomes))
      .addColumn("error_code", "text")
      .addColumn("error_message", "text")
      .addColumn("attempt_id", "integer")
      .execute();
    const columns = sql.join(AUDIT_LOG_COLUMNS.map((column) => sql.ref(column)));
    await sql`insert into audit_log_next (${columns}) select ${columns} from audit_log`.execute(db);
    await db.schema.dropTable("audit_log").execute();
    await db.schema.alterTable("audit_log_next").renameTo("audit_log").execute();
    for (const column of ["created_at", "actor_id", "action", "server_id", "backup_id"]) {
      await addIndex(db, `audit_log_${column}_idx`, "audit_log", [column]);
    }
    await appendOnly(db, "sqlite");
    await sql`commit`.execute(db);
  } catch (error) {
    await sql`rollback`.execute(db).catch(() => undefined);
    throw error;
  }
}

/** The audit log is append-only in the database itself, not only by convention in the code. */
async function appendOnly(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === "sqlite") {
    for (const event of ["UPDATE", "DELETE"]) {
      await sql
        .raw(
          `CREATE TRIGGER audit_log_no_${event.toLowerCase()} BEFORE ${event} ON audit_log ` +
            `BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS ` +
        `$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
    )
    .execute(db);
}

class InlineMigrationProvider implements MigrationProvider {
  constructor(private readonly dialect: Dialect) {}
  async getMigrations(): Promise<Record<string, Migration>> {
    return migrations(this.dialect);
  }
}

/** Brings our tables up to date; throws if a step fails. */
export async function migrateOwnTables(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  // Kysely looks for its bookkeeping tables in every schema unless told which: name the one we work in,
  // or another schema's `kysely_migration` (another app, another test) would be taken for ours.
  const migrationTableSchema =
    dialect === "postgres"
      ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
      : undefined;
  const migrator = new Migrator({ db, provider: new InlineMigrationProvider(dialect), migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error")?.migrationName ?? "unknown";
    throw new Error(`Database migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    });
  }
}
