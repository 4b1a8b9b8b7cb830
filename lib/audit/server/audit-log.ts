import "server-only";
import { answeringError, ApiError, isApiErrorSource, type ApiErrorSource } from "@/lib/http/server/api-error";
import type { Kysely, Selectable } from "kysely";
import type * as z from "zod";
import { auditCsvHeader, auditCsvRow, type AuditCsvColumnName } from "@/lib/audit/server/audit-csv";
import {
  auditEntryInputSchema,
  auditQuerySchema,
  type AuditEntryInput,
  type AuditQuery,
  type AuditVia,
  type BackupActors,
} from "@/lib/audit/server/audit-entry";
import type { AuditEntry, AuditPage } from "@/lib/audit/schemas";
import type { AuditLogTable, Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { currentRequest } from "@/lib/log/request-context";

// The audit log: written before a response is sent, read by the audit page and its CSV export.
// There is deliberately no function here that edits or deletes an entry (and the table refuses
// UPDATE and DELETE itself: see lib/db/migrations.ts).

/**
 * The audit log could not be written. What the API says depends on when: before an action (so it was
 * not done), after it (done, or failed, but not recorded), or for an entry of its own (a user change).
 */
export class AuditWriteError extends Error implements ApiErrorSource {
  constructor(
    cause: unknown,
    /** The sentence the API answers with; the default fits an entry that is the change itself. */
    readonly apiMessage = "The audit log could not be written, so the request was stopped. The error was logged; check before trying again.",
    /**
     * Nothing was done yet (the `attempt` entry before VPS.org is asked): if the database could not
     * be reached, that is the answer (503 store_unavailable, try again). After an action the answer
     * stays `audit_write_failed`, which says it was done but not recorded.
     */
    readonly nothingDone = false,
  ) {
    super("The audit log could not be written", { cause });
    this.name = "AuditWriteError";
  }

  /** The same failure, told as it stands at a given moment of an audited action. */
  withApiMessage(apiMessage: string, nothingDone = false): AuditWriteError {
    return new AuditWriteError(this.cause, apiMessage, nothingDone);
  }

  toApiError(): ApiError {
    const underlying = answeringError(this.cause);
    if (this.nothingDone && isApiErrorSource(underlying)) {
      const unreachable = underlying.toApiError();
      if (unreachable.code === "store_unavailable") {
        return new ApiError(
          "store_unavailable",
          "The dashboard's database cannot be reached right now, so nothing was done: VPS.org was not asked. Try again in a few seconds.",
          { retryAfterSeconds: unreachable.retryAfterSeconds, cause: this },
        );
      }
    }
    return new ApiError("audit_write_failed", this.apiMessage, { cause: this });
  }
}

/** The unknown outcome's code, in the entry's error fields (with why it is unknown as the message). */
export const OUTCOME_UNKNOWN_CODE = "outcome_unknown";

/**
 * Records one entry. Throws (an AuditWriteError) if it cannot be written, so the caller fails the
 * request loudly rather than doing something unrecorded. `db` may be a transaction, so a change and
 * its entry commit together.
 */
export async function recordAudit(
  db: Kysely<Database>,
  input: AuditEntryInput,
  now: Date = new Date(),
): Promise<AuditEntry> {
  const values = rowOf(parsedEntry(input), now, null);
  try {
    return toAuditEntry(await db.insertInto("audit_log").values(values).returningAll().executeTakeFirstOrThrow());
  } catch (error) {
    throw new AuditWriteError(error);
  }
}

/**
 * Records the outcome of the `attempt` entry `attemptId`, unless it has one already: each attempt has
 * at most one (a unique index in the store, so two instances cannot both append one). Returns the
 * entry, or null when the attempt already had its outcome. Throws an AuditWriteError like recordAudit.
 */
export async function recordOutcome(
  db: Kysely<Database>,
  attemptId: number,
  input: AuditEntryInput,
  now: Date = new Date(),
): Promise<AuditEntry | null> {
  const values = rowOf(parsedEntry(input), now, attemptId);
  try {
    const row = await db
      .insertInto("audit_log")
      .values(values)
      .onConflict((conflict) => conflict.column("attempt_id").doNothing())
      .returningAll()
      .executeTakeFirst();
    return row ? toAuditEntry(row) : null;
  } catch (error) {
    throw new AuditWriteError(error);
  }
}

type ParsedEntry = z.output<typeof auditEntryInputSchema>;

/** The entry as recorded: one that does not say what it was done through names the request's API key, if any. */
function parsedEntry(input: AuditEntryInput): ParsedEntry {
  const entry = auditEntryInputSchema.parse(input);
  return input.via === undefined ? { ...entry, via: actingVia(entry.actor?.id) } : entry;
}

/** The API key an entry by `actorId` is made through in the current request, or null. */
function actingVia(actorId: string | undefined): AuditVia | null {
  const acting = currentRequest()?.acting;
  return acting && acting.actorId === actorId ? acting.via : null;
}

function outcomeColumns(
  outcome: ParsedEntry["outcome"],
): Pick<AuditLogTable, "outcome" | "error_code" | "error_message"> {
  if (typeof outcome === "string") return { outcome, error_code: null, error_message: null };
  if ("unknown" in outcome)
    return { outcome: "unknown", error_code: OUTCOME_UNKNOWN_CODE, error_message: outcome.unknown };
  return { outcome: "failure", error_code: outcome.code, error_message: outcome.message };
}

function rowOf(entry: ParsedEntry, now: Date, attemptId: number | null) {
  return {
    created_at: now.toISOString(),
    actor_id: entry.actor?.id ?? null,
    actor_email: entry.actor?.email.toLowerCase() ?? null,
    action: entry.action,
    server_id: entry.target.serverId ?? null,
    server_name: entry.target.serverName ?? null,
    backup_id: entry.target.backupId ?? null,
    target_user_id: entry.target.userId ?? null,
    target_user_email: entry.target.userEmail?.toLowerCase() ?? null,
    description: entry.target.description ?? null,
    ip: entry.ip,
    ...outcomeColumns(entry.outcome),
    attempt_id: attemptId,
    via_kind: entry.via?.kind ?? null,
    via_id: entry.via?.id ?? null,
    via_name: entry.via?.name ?? null,
  };
}

/** Newest first, with filters and paging. */
export async function queryAudit(db: Kysely<Database>, query: AuditQuery = {}): Promise<AuditPage> {
  const q = auditQuerySchema.parse(query);
  const filtered = filteredQuery(db, q);
  const { total } = await filtered
    .select((eb) => eb.fn.countAll<number | string>().as("total"))
    .executeTakeFirstOrThrow();
  const rows = await filtered
    .selectAll()
    .orderBy("id", "desc")
    .limit(q.pageSize)
    .offset((q.page - 1) * q.pageSize)
    .execute();
  return { entries: rows.map(toAuditEntry), total: Number(total), page: q.page, pageSize: q.pageSize };
}

export const MAX_AUDIT_EXPORT_ROWS = 100_000;

/**
 * Every entry matching the filters as CSV (newest first), the header in the reader's language
 * (`columnName`, lib/audit/server/audit-csv-columns.ts); refuses more than MAX_AUDIT_EXPORT_ROWS.
 */
export async function exportAuditCsv(
  db: Kysely<Database>,
  query: Omit<AuditQuery, "page" | "pageSize">,
  columnName: AuditCsvColumnName,
): Promise<string> {
  const q = auditQuerySchema.parse({ ...query, page: 1, pageSize: 1 });
  const filtered = filteredQuery(db, q);
  const { total } = await filtered
    .select((eb) => eb.fn.countAll<number | string>().as("total"))
    .executeTakeFirstOrThrow();
  if (Number(total) > MAX_AUDIT_EXPORT_ROWS) {
    throw new RangeError(
      `The export would hold ${total} entries (at most ${MAX_AUDIT_EXPORT_ROWS}): narrow the date range.`,
    );
  }
  const lines = [auditCsvHeader(columnName)];
  // Keyset paging on the id, so entries written during the export do not shift the pages.
  let beforeId: number | null = null;
  for (;;) {
    let page = filtered.selectAll().orderBy("id", "desc").limit(1000);
    if (beforeId !== null) page = page.where("id", "<", beforeId);
    const rows = await page.execute();
    for (const row of rows) lines.push(auditCsvRow(toAuditEntry(row)));
    if (rows.length < 1000) break;
    beforeId = rows[rows.length - 1]!.id;
  }
  return lines.join("\r\n") + "\r\n";
}

/** For each backup id: who last created it and who last restored a server from it, through the dashboard. */
export async function lastActorsFor(
  db: Kysely<Database>,
  backupIds: ReadonlyArray<string | number>,
): Promise<Map<string, BackupActors>> {
  const ids = [...new Set(backupIds.map(String))];
  const result = new Map<string, BackupActors>();
  // SQLite caps the number of bound parameters of one statement.
  for (let start = 0; start < ids.length; start += 500) {
    const rows = await db
      .selectFrom("audit_log")
      .select([
        "backup_id",
        "action",
        "actor_id",
        "actor_email",
        "created_at",
        "server_id",
        "via_kind",
        "via_id",
        "via_name",
      ])
      .where("backup_id", "in", ids.slice(start, start + 500))
      .where("action", "in", ["backup.create", "server.restore"])
      // A reconciled create or restore was done too, found after its instance stopped.
      .where("outcome", "in", ["success", "reconciled"])
      .orderBy("id", "asc")
      .execute();
    for (const row of rows) {
      const actors = result.get(row.backup_id!) ?? {};
      const who = { userId: row.actor_id, email: row.actor_email, at: toIso(row.created_at) };
      if (row.action === "backup.create") actors.created = { ...who, via: viaOf(row) };
      else actors.restored = { ...who, serverId: row.server_id };
      result.set(row.backup_id!, actors);
    }
  }
  return result;
}

function filteredQuery(db: Kysely<Database>, q: ReturnType<typeof auditQuerySchema.parse>) {
  let query = db.selectFrom("audit_log");
  if (q.actor !== undefined) {
    const actor = q.actor;
    query = query.where((eb) => eb.or([eb("actor_id", "=", actor), eb("actor_email", "=", actor.toLowerCase())]));
  }
  if (q.action !== undefined) query = query.where("action", "in", Array.isArray(q.action) ? q.action : [q.action]);
  if (q.outcome !== undefined) query = query.where("outcome", "=", q.outcome);
  if (q.serverId !== undefined) query = query.where("server_id", "=", q.serverId);
  if (q.backupId !== undefined) query = query.where("backup_id", "=", q.backupId);
  if (q.from !== undefined) query = query.where("created_at", ">=", q.from.toISOString());
  if (q.to !== undefined) query = query.where("created_at", "<", q.to.toISOString());
  return query;
}

function viaOf(row: Pick<AuditLogTable, "via_kind" | "via_id" | "via_name">): AuditVia | null {
  return row.via_kind && row.via_id !== null ? { kind: row.via_kind, id: row.via_id, name: row.via_name ?? "" } : null;
}

/** A row of the audit log as the API shows it. */
export function toAuditEntry(row: Selectable<AuditLogTable>): AuditEntry {
  return {
    id: Number(row.id),
    createdAt: toIso(row.created_at),
    actor: row.actor_id !== null ? { id: row.actor_id, email: row.actor_email ?? "" } : null,
    action: row.action,
    target: {
      serverId: row.server_id,
      serverName: row.server_name,
      backupId: row.backup_id,
      userId: row.target_user_id,
      userEmail: row.target_user_email,
      description: row.description,
    },
    ip: row.ip,
    via: viaOf(row),
    outcome: row.outcome,
    error:
      row.outcome === "failure" || row.outcome === "unknown"
        ? { code: row.error_code ?? "unknown", message: row.error_message ?? "" }
        : null,
  };
}
