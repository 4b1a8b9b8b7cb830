import { describe, expect, it } from "vitest";
import {
  durationSeconds,
  durationSeries,
  eventsSince,
  historyPointOf,
  historyPoints,
  historyRestoreOf,
  sizeSeries,
  type AuditRow,
  type HistoryRow,
} from "@/lib/servers/history-series";

function row(fields: Partial<HistoryRow> = {}): HistoryRow {
  return {
    backup_id: 1,
    backup_type: "manual",
    description: "nightly",
    status: "completed",
    size_mb: 2048,
    created_at: "2026-12-01T10:00:00Z",
    completed_at: "2026-12-01T10:03:30.000Z",
    vanished_at: null,
    vanish_reason: null,
    deleted_by: null,
    ...fields,
  };
}

describe("durationSeconds", () => {
  it("counts from VPS.org's created_at to the poll that saw it completed, in whole seconds", () => {
    expect(durationSeconds("2026-12-01T10:00:00Z", "2026-12-01T10:03:30.400Z")).toBe(210);
    // PostgreSQL reads a timestamptz back as a Date.
    expect(durationSeconds("2026-12-01T10:00:00Z", new Date("2026-12-01T11:00:00Z"))).toBe(3600);
  });

  it("is null for a backup never seen completing, or a time that does not parse", () => {
    expect(durationSeconds("2026-12-01T10:00:00Z", null)).toBeNull();
    expect(durationSeconds("yesterday", "2026-12-01T10:00:00Z")).toBeNull();
    expect(durationSeconds("2026-12-01T10:00:00Z", "soon")).toBeNull();
  });

  it("is never negative (VPS.org's times have whole seconds, the watcher's do not)", () => {
    expect(durationSeconds("2026-12-01T10:00:01Z", "2026-12-01T10:00:00.600Z")).toBe(0);
  });
});

describe("historyPointOf", () => {
  it("answers a stored row in ISO 8601 UTC with its duration", () => {
    expect(
      historyPointOf(
        row({
          created_at: "2026-12-01T10:00:00+07:00",
          vanished_at: new Date("2026-12-02T00:00:00Z"),
          vanish_reason: "deleted",
          deleted_by: "lan@example.com",
          completed_at: "2026-12-01T03:01:00.000Z",
        }),
      ),
    ).toEqual({
      backup_id: 1,
      backup_type: "manual",
      description: "nightly",
      status: "completed",
      size_mb: 2048,
      created_at: "2026-12-01T03:00:00.000Z",
      completed_at: "2026-12-01T03:01:00.000Z",
      duration_s: 60,
      vanished_at: "2026-12-02T00:00:00.000Z",
      vanish_reason: "deleted",
      deleted_by: "lan@example.com",
    });
  });

  it("keeps a created_at it cannot parse as it is, with no duration", () => {
    expect(historyPointOf(row({ created_at: "garbage" }))).toMatchObject({ created_at: "garbage", duration_s: null });
  });
});

describe("historyPoints", () => {
  it("keeps the window's backups, oldest first, two in one second by id", () => {
    const points = historyPoints(
      [
        row({ backup_id: 3, created_at: "2026-12-01T10:00:00Z" }),
        row({ backup_id: 2, created_at: "2026-12-01T10:00:00Z" }),
        row({ backup_id: 1, created_at: "2026-11-30T10:00:00Z" }),
        row({ backup_id: 9, created_at: "2026-08-01T10:00:00Z" }),
      ],
      new Date("2026-11-01T00:00:00Z"),
    );
    expect(points.map((point) => point.backup_id)).toEqual([1, 2, 3]);
  });
});

describe("the series", () => {
  const points = historyPoints(
    [
      row({ backup_id: 1, size_mb: null, completed_at: null, status: "in_progress" }),
      row({ backup_id: 2, created_at: "2026-12-01T11:00:00Z", completed_at: null }),
      row({ backup_id: 3, created_at: "2026-12-01T12:00:00Z", completed_at: "2026-12-01T12:10:00Z" }),
    ],
    new Date(0),
  );

  it("plots the size of every backup whose size is known", () => {
    expect(sizeSeries(points).map(({ x, y, point }) => [x, y, point.backup_id])).toEqual([
      [Date.parse("2026-12-01T11:00:00Z"), 2048, 2],
      [Date.parse("2026-12-01T12:00:00Z"), 2048, 3],
    ]);
  });

  it("plots the duration of every backup seen completing", () => {
    expect(durationSeries(points).map(({ y, point }) => [y, point.backup_id])).toEqual([[600, 3]]);
  });
});

describe("historyRestoreOf", () => {
  const attempt: AuditRow = {
    id: 41,
    created_at: "2026-12-01T10:00:00.000Z",
    actor_email: "lan@example.com",
    backup_id: "123",
    outcome: "attempt",
    error_code: null,
    error_message: null,
  };

  it("is pending until an outcome settles the attempt", () => {
    expect(historyRestoreOf(attempt, undefined)).toEqual({
      id: 41,
      at: "2026-12-01T10:00:00.000Z",
      actor_email: "lan@example.com",
      backup_id: 123,
      outcome: "pending",
      settled_at: null,
      error: null,
    });
  });

  it("takes the outcome and the provider's refusal from the entry that settled it", () => {
    const failed = historyRestoreOf(attempt, {
      ...attempt,
      id: 42,
      created_at: new Date("2026-12-01T10:00:02Z"),
      outcome: "failure",
      error_code: "provider_refused",
      error_message: "Backup is not completed",
    });
    expect(failed).toMatchObject({
      outcome: "failure",
      settled_at: "2026-12-01T10:00:02.000Z",
      error: { code: "provider_refused", message: "Backup is not completed" },
    });
  });

  it("names no backup when the entry holds no plain id", () => {
    expect(historyRestoreOf({ ...attempt, backup_id: null }, undefined).backup_id).toBeNull();
    expect(historyRestoreOf({ ...attempt, backup_id: "12abc" }, undefined).backup_id).toBeNull();
  });
});

describe("eventsSince", () => {
  it("keeps the events at or after the window's start", () => {
    const events = [{ at: "2026-12-02T00:00:00Z" }, { at: "2026-12-01T00:00:00Z" }, { at: "2026-11-01T00:00:00Z" }];
    expect(eventsSince(events, "2026-12-01T00:00:00.000Z")).toEqual(events.slice(0, 2));
  });
});
