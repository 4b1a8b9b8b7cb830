import "server-only";
import type { Kysely, Selectable } from "kysely";
import { createdBackupClaims } from "@/lib/audit/server/audit-attempts";
import { audited, type AuditedBy } from "@/lib/audit/server/audited";
import { matchInterruptedCreate } from "@/lib/backups/interrupted-create";
import type { Backup } from "@/lib/backups/schemas";
import { deleteBackup } from "@/lib/backups/server/account-backups";
import { createAuditSpec } from "@/lib/backups/server/create-backup-once";
import { protectionsOf } from "@/lib/backups/server/protection";
import { startBackup } from "@/lib/backups/server/start-backup";
import type { Database, ScheduleRunServerTable } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { asApiError } from "@/lib/http/server/api-error";
import { componentLogger, type Logger } from "@/lib/log/logger";
import { enqueueNotification, type NotificationInput } from "@/lib/notifications/server/outbox";
import { dueRun } from "@/lib/schedules/cron";
import { renderDescription } from "@/lib/schedules/description";
import { planRetention, planRoom, type Ownership } from "@/lib/schedules/retention";
import type { RunReasonCode } from "@/lib/schedules/schemas";
import { cronRules, scheduleRows, settingsOf, type ScheduleSettings } from "@/lib/schedules/server/schedules";
import { VpsorgError } from "@/lib/vpsorg/errors";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { RECONCILE_GRACE_MS, RECONCILE_UNKNOWN_AFTER_MS } from "@/lib/watcher/reconcile";
import { foldAfterChange, readSnapshot, type Snapshot } from "@/lib/watcher/snapshot";

// The schedules' runs, made by the account watcher's holder (lib/watcher/watcher.ts), so by one
// instance of the deployment at a time. What makes a run happen once is the store, not the lease:
// a run is claimed by inserting its (schedule, due time) row, unique, and each server's create is on
// record as `pending` before VPS.org is asked — a create whose instance died is looked for in the
// picture afterwards (the rule of lib/backups/interrupted-create.ts), never sent again. A run owes
// the latest due time only (lib/schedules/cron.ts: the catch-up rule). After one of its backups has
// completed, the schedule's retention deletes its own completed backups beyond its newest `keep_last`
// on that server (lib/schedules/retention.ts) — never a person's, another schedule's or a protected one.

type RunServerRow = Selectable<ScheduleRunServerTable>;

export interface RunnerDeps {
  db: Kysely<Database>;
  upstream: VpsorgTransport;
  /** Where its lines go (default: the `schedules` component's logger). */
  log?: Logger;
}

const logOf = (deps: RunnerDeps): Logger => deps.log ?? componentLogger("schedules");

export interface RunnerReport {
  /** Runs claimed by this pass: schedule id and due time. */
  runs: { scheduleId: number; dueAt: string; missed: number }[];
  /** Backups this pass asked VPS.org for. */
  created: number[];
  /** Backups this pass deleted (retention, or room under the quota). */
  deleted: number[];
}

/** Creates this process is asking VPS.org for right now: their `pending` rows are not interrupted ones. */
const asking = new Set<string>();
const rowKey = (runId: number, serverId: number) => `${runId}:${serverId}`;

/** How the audit log records a schedule's actions: as the person who set it up, through the schedule. */
function actingFor(db: Kysely<Database>, schedule: Pick<ScheduleSettings, "id" | "name" | "createdBy">): AuditedBy {
  return {
    store: { db },
    session: { user: schedule.createdBy },
    ip: null,
    via: { kind: "schedule", id: String(schedule.id), name: schedule.name },
  };
}

/** One pass: settle what earlier runs started, apply retention after completions, then start what is due. */
export async function runSchedules(deps: RunnerDeps, now: Date = new Date()): Promise<RunnerReport> {
  const report: RunnerReport = { runs: [], created: [], deleted: [] };
  const snapshot = await readSnapshot(deps.db);
  // Without a picture the quota and the previous backups are unknown: nothing runs until the first poll.
  if (!snapshot) return report;
  const schedules = new Map((await scheduleRows(deps.db)).map((row) => [Number(row.id), settingsOf(row)]));
  await settle(deps, snapshot, now);
  await applyRetention(deps, schedules, report);
  for (const schedule of schedules.values()) {
    if (!schedule.enabled) continue;
    let due;
    try {
      due = dueRun(schedule.cron, schedule.timezone, schedule.handledThrough, now, cronRules());
    } catch (error) {
      // A cron this deployment no longer accepts (seconds, where SCHEDULES_ALLOW_SECONDS was turned off).
      logOf(deps).warn({ scheduleId: schedule.id, err: error }, `schedule ${schedule.id} cannot be read`);
      continue;
    }
    if (!due) continue;
    const runId = await claimRun(deps.db, schedule, due.dueAt, due.missed, now);
    if (runId === null) continue;
    report.runs.push({ scheduleId: schedule.id, dueAt: due.dueAt.toISOString(), missed: due.missed });
    await run(deps, schedule, runId, due.dueAt, report);
  }
  return report;
}

/**
 * Claims the run of `schedule` at `dueAt`: its row, unique per schedule and due time, and the schedule's
 * `handled_through` moved to it, in one transaction. Null when it was claimed already (another instance,
 * an earlier holder) or the schedule changed meanwhile.
 */
async function claimRun(
  db: Kysely<Database>,
  schedule: ScheduleSettings,
  dueAt: Date,
  missed: number,
  now: Date,
): Promise<number | null> {
  return writeTransaction(db, async (trx) => {
    const moved = await trx
      .updateTable("backup_schedule")
      .set({ handled_through: dueAt.toISOString() })
      .where("id", "=", schedule.id)
      .where("enabled", "=", 1)
      .where("handled_through", "<", dueAt.toISOString())
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) === 0) return null;
    const inserted = await trx
      .insertInto("schedule_run")
      .values({ schedule_id: schedule.id, due_at: dueAt.toISOString(), started_at: now.toISOString(), missed })
      .onConflict((conflict) => conflict.columns(["schedule_id", "due_at"]).doNothing())
      .returning("id")
      .executeTakeFirst();
    return inserted ? Number(inserted.id) : null;
  });
}

/** The schedule's servers as the picture knows them; ids it names that the account lacks come back without a name. */
function targets(schedule: ScheduleSettings, snapshot: Snapshot): { id: number; name: string | null }[] {
  const known = new Map(snapshot.servers.results.map((server) => [server.id, server.name]));
  if (schedule.allServers) return [...known].map(([id, name]) => ({ id, name }));
  return schedule.serverIds.map((id) => ({ id, name: known.get(id) ?? null }));
}

/** Who made each backup, as the schedules' records say, and which are protected. */
export async function ownership(
  db: Kysely<Database>,
  scheduleId: number,
  backups: readonly Backup[],
): Promise<Ownership> {
  const ids = backups.map((backup) => backup.id);
  const made =
    ids.length === 0
      ? []
      : await db
          .selectFrom("schedule_run_server")
          .select(["backup_id", "schedule_id"])
          .where("backup_id", "in", ids)
          .execute();
  const own = new Set<number>();
  const otherSchedules = new Set<number>();
  for (const row of made) {
    if (row.backup_id === null) continue;
    (Number(row.schedule_id) === scheduleId ? own : otherSchedules).add(Number(row.backup_id));
  }
  return { own, otherSchedules, protected: new Set((await protectionsOf(db, ids)).keys()) };
}

async function finish(
  db: Kysely<Database>,
  runId: number,
  serverId: number,
  change: Partial<Pick<RunServerRow, "state" | "backup_id" | "reason_code" | "reason" | "attempt_id">>,
  now: Date = new Date(),
): Promise<void> {
  const done = change.state === "completed" || change.state === "failed" || change.state === "skipped";
  await db
    .updateTable("schedule_run_server")
    .set({ ...change, ...(done && { finished_at: now.toISOString() }) })
    .where("run_id", "=", runId)
    .where("server_id", "=", serverId)
    .execute();
}

async function notifyFailure(
  db: Kysely<Database>,
  schedule: ScheduleSettings,
  runId: number,
  server: { id: number; name: string | null },
  code: RunReasonCode,
  reason: string,
  backupId: number | null = null,
): Promise<void> {
  // A server failing run after run for the same reason (a full quota) is told once, not every run.
  const previous = await db
    .selectFrom("schedule_run_server")
    .select(["state", "reason_code"])
    .where("schedule_id", "=", schedule.id)
    .where("server_id", "=", server.id)
    .where("run_id", "<", runId)
    .where("state", "in", ["completed", "failed"])
    .orderBy("run_id", "desc")
    .executeTakeFirst();
  if (previous?.state === "failed" && previous.reason_code === code) return;
  const notification: NotificationInput = {
    key: `schedule.failed:${runId}:${server.id}`,
    kind: "schedule.failed",
    at: new Date().toISOString(),
    server: { id: server.id, name: server.name ?? `#${server.id}` },
    backupId,
    detail: { schedule: schedule.name, schedule_id: schedule.id, reason_code: code, reason },
    path: "/schedules",
  };
  await writeTransaction(db, (trx) => enqueueNotification(trx, notification)).catch((error: unknown) =>
    componentLogger("schedules").warn(
      { runId, serverId: server.id, err: error },
      `the failure of run ${runId} on server ${server.id} could not be notified`,
    ),
  );
}

/** One run: each of the schedule's servers in turn (VPS.org is asked one create at a time). */
async function run(
  deps: RunnerDeps,
  schedule: ScheduleSettings,
  runId: number,
  dueAt: Date,
  report: RunnerReport,
): Promise<void> {
  const { db, upstream } = deps;
  const by = actingFor(db, schedule);
  for (const server of targets(schedule, (await readSnapshot(db))!)) {
    // Each server sees the picture as the previous one left it (a make-room delete, a new backup).
    const snapshot = (await readSnapshot(db))!;
    const startedAt = new Date();
    const description = renderDescription(schedule.descriptionTemplate, {
      schedule: schedule.name,
      server: server.name ?? `#${server.id}`,
      dueAt,
      timezone: schedule.timezone,
    });
    const base = {
      run_id: runId,
      schedule_id: schedule.id,
      server_id: server.id,
      server_name: server.name,
      description,
      started_at: startedAt.toISOString(),
    };
    const skip = async (state: "skipped" | "failed", code: RunReasonCode, reason: string) => {
      await db
        .insertInto("schedule_run_server")
        .values({ ...base, state, reason_code: code, reason, finished_at: new Date().toISOString() })
        .onConflict((conflict) => conflict.columns(["run_id", "server_id"]).doNothing())
        .execute();
      if (state === "failed") await notifyFailure(db, schedule, runId, server, code, reason);
    };
    if (server.name === null) {
      await skip("skipped", "server_missing", `Server ${server.id} is not in the VPS.org account now.`);
      continue;
    }
    const previous = await db
      .selectFrom("schedule_run_server")
      .select(["backup_id", "started_at"])
      .where("schedule_id", "=", schedule.id)
      .where("server_id", "=", server.id)
      .where("state", "in", ["pending", "started"])
      .executeTakeFirst();
    if (previous) {
      await skip(
        "skipped",
        "in_progress",
        previous.backup_id === null
          ? `This schedule's previous backup of ${server.name} (asked at ${toIso(previous.started_at)}) is not settled yet.`
          : `This schedule's previous backup of ${server.name} (backup ${previous.backup_id}) is still in progress.`,
      );
      continue;
    }
    const backups = snapshot.backups.filter((backup) => backup.server.id === server.id);
    const room = planRoom(backups, await ownership(db, schedule.id, backups));
    if (room.kind === "quota_full") {
      await skip("failed", "quota_full", room.message);
      continue;
    }
    if (room.kind === "make_room") {
      const freed = await deleteOwn(deps, schedule, room.backup);
      if (!freed.ok) {
        await skip("failed", "provider_error", `Making room under the quota failed: ${freed.message}`);
        continue;
      }
      report.deleted.push(room.backup.id);
    }
    const claimed = await db
      .insertInto("schedule_run_server")
      .values({ ...base, state: "pending" })
      .onConflict((conflict) => conflict.columns(["run_id", "server_id"]).doNothing())
      .returning("server_id")
      .executeTakeFirst();
    if (!claimed) continue;
    const key = rowKey(runId, server.id);
    asking.add(key);
    try {
      const created = await audited(
        by,
        createAuditSpec({ server_id: server.id, description }),
        () => startBackup(upstream, { server_id: server.id, description }),
        (attemptId) => finish(db, runId, server.id, { attempt_id: attemptId }),
      );
      await finish(db, runId, server.id, { state: "started", backup_id: created.id });
      report.created.push(created.id);
      await foldAfterChange(db, { kind: "created", backup: created, actorEmail: schedule.createdBy.email });
    } catch (error) {
      const failure = asApiError(error);
      const reason =
        error instanceof VpsorgError || failure.code !== "internal_error"
          ? failure.message
          : "The dashboard failed while asking VPS.org; the error was logged.";
      if (failure.code === "internal_error") logOf(deps).error({ runId, err: error }, `run ${runId} failed on a bug`);
      await finish(db, runId, server.id, { state: "failed", reason_code: "provider_error", reason });
      await notifyFailure(db, schedule, runId, server, "provider_error", reason);
    } finally {
      asking.delete(key);
    }
  }
}

/**
 * Deletes one of the schedule's own backups (retention, or room under the quota), on record as the
 * schedule's, unless it was protected meanwhile. A backup already gone counts as deleted.
 */
async function deleteOwn(
  deps: RunnerDeps,
  schedule: ScheduleSettings,
  backup: Backup,
): Promise<{ ok: true } | { ok: false; message: string }> {
  const { db, upstream } = deps;
  if ((await protectionsOf(db, [backup.id])).has(backup.id))
    return { ok: false, message: `backup ${backup.id} was protected meanwhile` };
  try {
    await audited(
      actingFor(db, schedule),
      {
        action: "backup.delete",
        target: {
          backupId: backup.id,
          serverId: backup.server.id,
          serverName: backup.server.name,
          description: backup.description || undefined,
        },
        done: "The backup was deleted",
      },
      () => deleteBackup(upstream, backup.id),
    );
  } catch (error) {
    const failure = asApiError(error);
    if (failure.code !== "not_found") return { ok: false, message: failure.message };
  }
  await foldAfterChange(db, { kind: "deleted", backupId: backup.id, actorEmail: schedule.createdBy.email });
  return { ok: true };
}

/**
 * What the picture says of the backups earlier runs started: completed, failed or gone. A `pending`
 * row nobody is asking for any more (its instance stopped while VPS.org was asked) is settled by what
 * the audit log or the picture shows — never by asking again.
 */
async function settle(deps: RunnerDeps, snapshot: Snapshot, now: Date): Promise<void> {
  const { db } = deps;
  const open = await db
    .selectFrom("schedule_run_server")
    .selectAll()
    .where("state", "in", ["pending", "started"])
    .execute();
  if (open.length === 0) return;
  const listed = new Map(snapshot.backups.map((backup) => [backup.id, backup]));
  const confirmedAt = snapshot.confirmedAt ? Date.parse(snapshot.confirmedAt) : 0;
  for (const row of open) {
    const runId = Number(row.run_id);
    const serverId = Number(row.server_id);
    const startedAt = Date.parse(toIso(row.started_at));
    if (row.state === "started" && row.backup_id !== null) {
      const backup = listed.get(Number(row.backup_id));
      if (backup?.status === "completed") await finish(db, runId, serverId, { state: "completed" }, now);
      else if (backup && backup.status !== "in_progress")
        await finish(
          db,
          runId,
          serverId,
          {
            state: "failed",
            reason_code: "backup_failed",
            reason: `VPS.org reports the backup as "${backup.status}".`,
          },
          now,
        );
      // Gone from a picture VPS.org confirmed well after the backup was started.
      else if (!backup && confirmedAt > startedAt + 10_000)
        await finish(
          db,
          runId,
          serverId,
          {
            state: "failed",
            reason_code: "vanished",
            reason: "The backup disappeared from VPS.org before it completed.",
          },
          now,
        );
      continue;
    }
    if (row.state !== "pending" || asking.has(rowKey(runId, serverId))) continue;
    if (now.getTime() - startedAt < RECONCILE_GRACE_MS) continue;
    await settleInterrupted(db, row, snapshot, now);
  }
}

async function settleInterrupted(db: Kysely<Database>, row: RunServerRow, snapshot: Snapshot, now: Date) {
  const runId = Number(row.run_id);
  const serverId = Number(row.server_id);
  const interrupted = (reason: string) =>
    finish(db, runId, serverId, { state: "failed", reason_code: "interrupted", reason }, now);
  if (row.attempt_id === null)
    return interrupted(
      "The dashboard stopped before it asked VPS.org; the backup was not made, and is not asked again.",
    );
  // The audit log may know its outcome: the request's own, or the watcher's reconciliation.
  const outcome = await db
    .selectFrom("audit_log")
    .select(["outcome", "backup_id", "error_message"])
    .where("attempt_id", "=", row.attempt_id)
    .executeTakeFirst();
  if (outcome && (outcome.outcome === "success" || outcome.outcome === "reconciled") && outcome.backup_id !== null)
    return finish(db, runId, serverId, { state: "started", backup_id: Number(outcome.backup_id) }, now);
  if (outcome?.outcome === "failure")
    return finish(
      db,
      runId,
      serverId,
      {
        state: "failed",
        reason_code: "provider_error",
        reason: outcome.error_message ?? "VPS.org refused the backup.",
      },
      now,
    );
  const candidates = snapshot.backups.filter((backup) => backup.server.id === serverId);
  const claims = await createdBackupClaims(
    db,
    candidates.map((backup) => backup.id),
  );
  const made = await db
    .selectFrom("schedule_run_server")
    .select("backup_id")
    .where("server_id", "=", serverId)
    .where("backup_id", "is not", null)
    .execute();
  const taken = new Set(made.map((other) => Number(other.backup_id)));
  const found = matchInterruptedCreate(
    candidates,
    { serverId, description: row.description, startedAt: new Date(toIso(row.started_at)) },
    (id) => taken.has(id) || (claims.has(id) && claims.get(id) !== row.attempt_id),
  );
  if (found) return finish(db, runId, serverId, { state: "started", backup_id: found.id }, now);
  if (outcome?.outcome === "unknown" || now.getTime() - Date.parse(toIso(row.started_at)) >= RECONCILE_UNKNOWN_AFTER_MS)
    return interrupted(
      "The dashboard stopped while asking VPS.org, and no backup of it was found; it is not asked again (the next run makes one).",
    );
}

/** After completions: each schedule's retention on each server where one of its backups completed. */
async function applyRetention(
  deps: RunnerDeps,
  schedules: Map<number, ScheduleSettings>,
  report: RunnerReport,
): Promise<void> {
  const { db } = deps;
  const completed = await db
    .selectFrom("schedule_run_server")
    .select(["run_id", "schedule_id", "server_id"])
    .where("state", "=", "completed")
    .where("pruned_at", "is", null)
    .execute();
  const done = new Set<string>();
  for (const row of completed) {
    const schedule = schedules.get(Number(row.schedule_id));
    const group = `${row.schedule_id}:${row.server_id}`;
    if (!schedule || done.has(group)) continue;
    done.add(group);
    const snapshot = (await readSnapshot(db))!;
    const backups = snapshot.backups.filter((backup) => backup.server.id === Number(row.server_id));
    const plan = planRetention(backups, await ownership(db, schedule.id, backups), schedule.keepLast);
    const deleted: number[] = [];
    for (const backup of plan.delete) {
      const result = await deleteOwn(deps, schedule, backup);
      if (result.ok) deleted.push(backup.id);
      else
        logOf(deps).warn(
          { scheduleId: schedule.id, backupId: backup.id },
          `retention of schedule ${schedule.id} kept backup ${backup.id}: ${result.message}`,
        );
    }
    report.deleted.push(...deleted);
    // Every completed backup of the group is accounted for; what could not go is tried after the next completion.
    await db
      .updateTable("schedule_run_server")
      .set({ pruned_at: new Date().toISOString() })
      .where("schedule_id", "=", schedule.id)
      .where("server_id", "=", Number(row.server_id))
      .where("state", "=", "completed")
      .where("pruned_at", "is", null)
      .execute();
    if (deleted.length > 0)
      await db
        .updateTable("schedule_run_server")
        .set({ pruned: JSON.stringify(deleted) })
        .where("run_id", "=", Number(row.run_id))
        .where("server_id", "=", Number(row.server_id))
        .execute();
  }
}
