import { describe, expect, it } from "vitest";
import { nextRefreshMs } from "@/lib/schedules/client/get-schedules";
import { createInputOf, emptyScheduleForm, fieldMessages, previewInputOf } from "@/lib/schedules/client/schedule-form";
import { cronHasSeconds, formatDueTime } from "@/lib/schedules/due-time";
import type { Schedule, ScheduleRun } from "@/lib/schedules/schemas";

describe("the schedule form", () => {
  it("sends server_ids for chosen servers and all_servers for every server, never both", () => {
    const form = { ...emptyScheduleForm("UTC"), name: "Nightly", cron: "0 3 * * *", serverIds: [3, 5] };
    expect(createInputOf(form)).toMatchObject({ server_ids: [3, 5], keep_last: 7, timezone: "UTC" });
    expect(createInputOf(form)).not.toHaveProperty("all_servers");
    const all = createInputOf({ ...form, allServers: true });
    expect(all).toMatchObject({ all_servers: true });
    expect(all).not.toHaveProperty("server_ids");
  });

  it("sends a keep-last that is not a number as one the server refuses by field", () => {
    const form = { ...emptyScheduleForm("UTC"), name: "N", cron: "0 3 * * *", keepLast: "" };
    expect(Number.isNaN(createInputOf(form).keep_last)).toBe(true);
  });

  it("asks for no preview until the schedule has a name and a cron, and names a saved one by id", () => {
    const empty = emptyScheduleForm("UTC");
    expect(previewInputOf(empty, undefined)).toBeNull();
    expect(previewInputOf({ ...empty, name: "N" }, undefined)).toBeNull();
    expect(previewInputOf({ ...empty, name: "N", cron: "0 3 * * *" }, 12)).toMatchObject({ id: 12, name: "N" });
  });

  it("puts the server's messages beside the fields they name", () => {
    const { byField, other } = fieldMessages({
      cron: ["cron must have 5 fields"],
      "server_ids.0": ["each of server_ids must be a positive whole number"],
      all_servers: ["all_servers must be true"],
      surprise: ["is not an accepted field"],
    });
    expect(byField.cron).toBe("cron must have 5 fields");
    expect(byField.server_ids).toBe("each of server_ids must be a positive whole number all_servers must be true");
    expect(other).toEqual(["is not an accepted field"]);
  });
});

describe("due times on screen", () => {
  it("shows a due time in the schedule's zone, with seconds only for a seconds cron", () => {
    expect(formatDueTime("2026-12-31T20:30:05Z", "Asia/Ho_Chi_Minh", false)).toBe("2027-01-01 03:30");
    expect(formatDueTime("2026-12-31T20:30:05Z", "UTC", true)).toBe("2026-12-31 20:30:05");
    expect(cronHasSeconds("*/5 * * * * *")).toBe(true);
    expect(cronHasSeconds("0 3 * * *")).toBe(false);
  });
});

describe("when the schedules are asked for again", () => {
  const now = Date.parse("2026-06-01T00:00:00Z");
  const schedule = (enabled: boolean, next: string | undefined) =>
    ({ enabled, next_runs: next ? [next] : [] }) as unknown as Schedule;
  const run = (state: string) => ({ servers: [{ state }] }) as unknown as ScheduleRun;

  it("polls every 3 s while a run's backup is asked for or runs", () => {
    expect(nextRefreshMs([run("started")], [], now)).toBe(3_000);
    expect(nextRefreshMs([run("pending")], [], now)).toBe(3_000);
  });

  it("asks again just after the soonest due time of an enabled schedule, at most 5 minutes on", () => {
    expect(nextRefreshMs([run("completed")], [schedule(true, "2026-06-01T00:00:10Z")], now)).toBe(12_000);
    expect(nextRefreshMs([], [schedule(true, "2026-06-02T00:00:00Z")], now)).toBe(300_000);
  });

  it("stops by itself when every schedule is paused and nothing runs", () => {
    expect(nextRefreshMs([run("completed"), null], [schedule(false, undefined)], now)).toBe(false);
  });
});
