import "server-only";
import type { Kysely, Selectable } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { BackupScheduleTable, Database, ScheduleRunServerTable } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import { ApiError } from "@/lib/http/server/api-error";
import { nextDueTimes, serverTimeZone } from "@/lib/schedules/cron";
import type { CreateScheduleInput, UpdateScheduleInput } from "@/lib/schedules/inputs";
import { secondsAllowed } from "@/lib/schedules/inputs";
import { DEFAULT_DESCRIPTION_TEMPLATE, DEFAULT_KEEP_LAST } from "@/lib/schedules/limits";
import type { RunServer, Schedule, ScheduleRun } from "@/lib/schedules/schemas";
import type { ActingAs } from "@/lib/users/server/users";

// The team's backup schedules in the store: created, changed and deleted through /api/schedules, each
// change audited in its own transaction. Their runs are lib/schedules/server/runner.ts.

export type ScheduleRow = Selectable<BackupScheduleTable>;

/** A schedule's settings as the runner reads them. */
export interface ScheduleSettings {
  id: number;
  name: string;
  cron: string;
  timezone: string;
  allServers: boolean;
  serverIds: number[];
  descriptionTemplate: string;
  keepLast: number;
  enabled: boolean;
  createdBy: { id: string; email: string };
  handledThrough: Date;
}

export function settingsOf(row: ScheduleRow): ScheduleSettings {
  return {
    id: Number(row.id),
    name: row.name,
    cron: row.cron,
    timezone: row.timezone,
    allServers: row.all_servers === 1,
    serverIds: JSON.parse(row.server_ids) as number[],
    descriptionTemplate: row.description_template,
    keepLast: row.keep_last,
    enabled: row.enabled === 1,
    createdBy: { id: row.created_by_id, email: row.created_by_email },
    handledThrough: new Date(toIso(row.handled_through)),
  };
}

export const cronRules = () => ({ allowSeconds: secondsAllowed() });

export async function scheduleRows(db: Kysely<Database>): Promise<ScheduleRow[]> {
  return db.selectFrom("backup_schedule").selectAll().orderBy("name").orderBy("id").execute();
}

async function scheduleRow(db: Kysely<Database>, id: number): Promise<ScheduleRow> {
  const row = await db.selectFrom("backup_schedule").selectAll().where("id", "=", id).executeTakeFirst();
  if (!row) throw new ApiError("not_found", `There is no schedule ${id}: it may have been deleted.`);
  return row;
}

const RUNS_SHOWN = 20;

function toRunServer(row: Selectable<ScheduleRunServerTable>): RunServer {
  return {
    server: { id: Number(row.server_id), name: row.server_name },
    state: row.state,
    backup_id: row.backup_id === null ? null : Number(row.backup_id),
    description: row.description,
    reason_code: row.reason_code,
    reason: row.reason,
    started_at: toIso(row.started_at),
    finished_at: row.finished_at ? toIso(row.finished_at) : null,
    deleted_backup_ids: row.pruned ? (JSON.parse(row.pruned) as number[]) : [],
  };
}

/** The latest runs of each schedule (newest first), with each server's outcome. */
export async function runsOf(
  db: Kysely<Database>,
  scheduleIds: readonly number[],
  perSchedule = RUNS_SHOWN,
): Promise<Map<number, ScheduleRun[]>> {
  const result = new Map<number, ScheduleRun[]>();
  for (const scheduleId of scheduleIds) {
    const runs = await db
      .selectFrom("schedule_run")
      .selectAll()
      .where("schedule_id", "=", scheduleId)
      .orderBy("due_at", "desc")
      .orderBy("id", "desc")
      .limit(perSchedule)
      .execute();
    const servers =
      runs.length === 0
        ? []
        : await db
            .selectFrom("schedule_run_server")
            .selectAll()
            .where(
              "run_id",
              "in",
              runs.map((run) => run.id),
            )
            .orderBy("server_name")
            .orderBy("server_id")
            .execute();
    result.set(
      scheduleId,
      runs.map((run) => ({
        id: Number(run.id),
        due_at: toIso(run.due_at),
        started_at: toIso(run.started_at),
        missed: run.missed,
        servers: servers.filter((server) => server.run_id === run.id).map(toRunServer),
      })),
    );
  }
  return result;
}

/** A schedule as the API answers it, with its next five due times and its latest run. */
export function toSchedule(row: ScheduleRow, lastRun: ScheduleRun | null, now: Date = new Date()): Schedule {
  const settings = settingsOf(row);
  let nextRuns: string[] = [];
  if (settings.enabled) {
    try {
      nextRuns = nextDueTimes(settings.cron, settings.timezone, now, 5, cronRules()).map((at) => at.toISOString());
    } catch {
      // A cron accepted once (e.g. with seconds, in a deployment that no longer allows them) runs no more.
      nextRuns = [];
    }
  }
  return {
    id: settings.id,
    name: settings.name,
    cron: settings.cron,
    timezone: settings.timezone,
    all_servers: settings.allServers,
    server_ids: settings.serverIds,
    description_template: settings.descriptionTemplate,
    keep_last: settings.keepLast,
    enabled: settings.enabled,
    created_by: { email: settings.createdBy.email, at: toIso(row.created_at) },
    updated_at: toIso(row.updated_at),
    next_runs: nextRuns,
    last_run: lastRun,
  };
}

export async function listSchedules(db: Kysely<Database>, now: Date = new Date()): Promise<Schedule[]> {
  const rows = await scheduleRows(db);
  const runs = await runsOf(
    db,
    rows.map((row) => Number(row.id)),
    1,
  );
  return rows.map((row) => toSchedule(row, runs.get(Number(row.id))?.[0] ?? null, now));
}

export async function getSchedule(db: Kysely<Database>, id: number, now: Date = new Date()): Promise<Schedule> {
  const row = await scheduleRow(db, id);
  return toSchedule(row, (await runsOf(db, [id], 1)).get(id)?.[0] ?? null, now);
}

/** How the audit log names a schedule's settings. */
function summary(
  settings: Pick<ScheduleSettings, "name" | "cron" | "timezone" | "allServers" | "serverIds" | "keepLast" | "enabled">,
): string {
  const servers = settings.allServers ? "all servers" : `servers ${settings.serverIds.join(", ")}`;
  return `${settings.name}: ${settings.cron} (${settings.timezone}), ${servers}, keep last ${settings.keepLast}${settings.enabled ? "" : ", paused"}`;
}

function actorOf(by: ActingAs): { id: string; email: string } {
  if (!by.actor) throw new Error("a schedule is set up by a signed-in person");
  return { id: by.actor.id, email: by.actor.email };
}

export async function createSchedule(
  db: Kysely<Database>,
  by: ActingAs,
  input: CreateScheduleInput,
  now: Date = new Date(),
): Promise<Schedule> {
  const actor = actorOf(by);
  const nowIso = now.toISOString();
  const row = await writeTransaction(db, async (trx) => {
    const inserted = await trx
      .insertInto("backup_schedule")
      .values({
        name: input.name,
        cron: input.cron,
        timezone: input.timezone ?? serverTimeZone(),
        all_servers: input.all_servers ? 1 : 0,
        server_ids: JSON.stringify(input.all_servers ? [] : (input.server_ids ?? [])),
        description_template: input.description_template ?? DEFAULT_DESCRIPTION_TEMPLATE,
        keep_last: input.keep_last ?? DEFAULT_KEEP_LAST,
        enabled: input.enabled === false ? 0 : 1,
        created_at: nowIso,
        created_by_id: actor.id,
        created_by_email: actor.email,
        updated_at: nowIso,
        // Due times before the schedule existed are not owed.
        handled_through: nowIso,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "schedule.create",
        target: { description: summary(settingsOf(inserted)) },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
    return inserted;
  });
  return toSchedule(row, null, now);
}

export async function updateSchedule(
  db: Kysely<Database>,
  by: ActingAs,
  id: number,
  input: UpdateScheduleInput,
  now: Date = new Date(),
): Promise<Schedule> {
  actorOf(by);
  const nowIso = now.toISOString();
  const row = await writeTransaction(db, async (trx) => {
    const before = settingsOf(await scheduleRow(trx, id));
    const enabling = input.enabled === true && !before.enabled;
    const retimed =
      (input.cron !== undefined && input.cron !== before.cron) ||
      (input.timezone !== undefined && input.timezone !== before.timezone);
    const updated = await trx
      .updateTable("backup_schedule")
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.cron !== undefined && { cron: input.cron }),
        ...(input.timezone !== undefined && { timezone: input.timezone }),
        ...(input.all_servers && { all_servers: 1, server_ids: "[]" }),
        ...(input.server_ids !== undefined && { all_servers: 0, server_ids: JSON.stringify(input.server_ids) }),
        ...(input.description_template !== undefined && { description_template: input.description_template }),
        ...(input.keep_last !== undefined && { keep_last: input.keep_last }),
        ...(input.enabled !== undefined && { enabled: input.enabled ? 1 : 0 }),
        updated_at: nowIso,
        // Due times while it was paused, or of its old timing, are not owed: it runs from now on.
        ...((enabling || retimed) && { handled_through: nowIso }),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "schedule.update",
        target: { description: `${summary(before)} → ${summary(settingsOf(updated))}`.slice(0, 1000) },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
    return updated;
  });
  return toSchedule(row, (await runsOf(db, [id], 1)).get(id)?.[0] ?? null, now);
}

/** Deletes a schedule and its runs' records. The backups it made stay (with their audit entries). */
export async function deleteSchedule(
  db: Kysely<Database>,
  by: ActingAs,
  id: number,
  now: Date = new Date(),
): Promise<void> {
  actorOf(by);
  await writeTransaction(db, async (trx) => {
    const before = settingsOf(await scheduleRow(trx, id));
    await trx.deleteFrom("schedule_run_server").where("schedule_id", "=", id).execute();
    await trx.deleteFrom("schedule_run").where("schedule_id", "=", id).execute();
    await trx.deleteFrom("backup_schedule").where("id", "=", id).execute();
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "schedule.delete",
        target: { description: summary(before) },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
  });
}
