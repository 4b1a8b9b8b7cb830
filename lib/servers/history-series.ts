import type { HistoryPoint, HistoryRestore } from "@/lib/servers/history-schemas";

// Pure shaping of a server's history (both sides): the stored rows into the route's points and
// restores, and the points into the charts' series. No I/O, so each rule has its unit test.

/** A stored time (a Date on PostgreSQL, ISO text on SQLite) as ISO 8601 UTC; null stays null. */
type StoredTime = Date | string | null;
const iso = (value: StoredTime): string | null => {
  if (value === null) return null;
  const time = value instanceof Date ? value.getTime() : Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
};

/**
 * How long a backup took, in whole seconds: from VPS.org's `created_at` to the first poll that saw
 * it completed, so at most one poll's interval longer than it really took. Null when it was never
 * seen completing, or a time does not parse; never negative (VPS.org's times have whole seconds).
 */
export function durationSeconds(createdAt: string, completedAt: StoredTime): number | null {
  const completed = iso(completedAt);
  const start = Date.parse(createdAt);
  if (completed === null || Number.isNaN(start)) return null;
  return Math.max(0, Math.round((Date.parse(completed) - start) / 1000));
}

export interface HistoryRow {
  backup_id: number;
  backup_type: string;
  description: string;
  status: string;
  size_mb: number | null;
  created_at: string;
  completed_at: StoredTime;
  vanished_at: StoredTime;
  vanish_reason: string | null;
  deleted_by: string | null;
}

/** A `backup_history` row as the route answers it. */
export function historyPointOf(row: HistoryRow): HistoryPoint {
  const createdAt = iso(row.created_at) ?? row.created_at;
  return {
    backup_id: Number(row.backup_id),
    backup_type: row.backup_type,
    description: row.description,
    status: row.status,
    size_mb: row.size_mb === null || !Number.isFinite(Number(row.size_mb)) ? null : Number(row.size_mb),
    created_at: createdAt,
    completed_at: iso(row.completed_at),
    duration_s: durationSeconds(row.created_at, row.completed_at),
    vanished_at: iso(row.vanished_at),
    vanish_reason: row.vanish_reason,
    deleted_by: row.deleted_by,
  };
}

/** The points of the window, oldest first (by created_at, then id: two backups may share a second). */
export function historyPoints(rows: readonly HistoryRow[], since: Date): HistoryPoint[] {
  return rows
    .map(historyPointOf)
    .filter((point) => Date.parse(point.created_at) >= since.getTime())
    .sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.backup_id - b.backup_id);
}

export interface AuditRow {
  id: number;
  created_at: StoredTime;
  actor_email: string | null;
  backup_id: string | null;
  outcome: string;
  error_code: string | null;
  error_message: string | null;
}

const settledOutcomes = new Set<string>(["success", "failure", "reconciled", "unknown"]);

/** A restore's attempt entry and the entry that settled it (if any) as one restore. */
export function historyRestoreOf(attempt: AuditRow, settled: AuditRow | undefined): HistoryRestore {
  const outcome =
    settled && settledOutcomes.has(settled.outcome) ? (settled.outcome as HistoryRestore["outcome"]) : "pending";
  const backupId =
    attempt.backup_id !== null && /^[1-9][0-9]{0,15}$/.test(attempt.backup_id) ? Number(attempt.backup_id) : null;
  return {
    id: Number(attempt.id),
    at: iso(attempt.created_at) ?? "",
    actor_email: attempt.actor_email,
    backup_id: backupId,
    outcome,
    settled_at: settled ? iso(settled.created_at) : null,
    error: settled && settled.error_code ? { code: settled.error_code, message: settled.error_message ?? "" } : null,
  };
}

/** One mark of a chart: x in epoch ms, y in the series' unit, and the point it stands for. */
export interface SeriesPoint {
  x: number;
  y: number;
  point: HistoryPoint;
}

/** Backup size (MB) over time: the points whose size is known. */
export function sizeSeries(points: readonly HistoryPoint[]): SeriesPoint[] {
  return points.flatMap((point) =>
    point.size_mb === null ? [] : [{ x: Date.parse(point.created_at), y: point.size_mb, point }],
  );
}

/** Backup duration (seconds) over time: the points seen completing. */
export function durationSeries(points: readonly HistoryPoint[]): SeriesPoint[] {
  return points.flatMap((point) =>
    point.duration_s === null ? [] : [{ x: Date.parse(point.created_at), y: point.duration_s, point }],
  );
}

/** The events (newest first) at or after `since` (ISO 8601). */
export function eventsSince<E extends { at: string }>(events: readonly E[], since: string): E[] {
  const start = Date.parse(since);
  return events.filter((event) => Date.parse(event.at) >= start);
}
