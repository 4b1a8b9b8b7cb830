import { describe, expect, it } from "vitest";
import { canonicalTimeZone, cronProblem, dueRun, isTimeZone, nextDueTimes } from "@/lib/schedules/cron";

// Every due time here is computed from an explicit `after` / `now`: nothing depends on the real clock
// (only cronProblem reads it, to tell whether a cron ever runs again).

const fiveFields = { allowSeconds: false };
const withSeconds = { allowSeconds: true };
const at = (iso: string) => new Date(iso);
const isoList = (dates: Date[]) => dates.map((date) => date.toISOString());

/** The due times of `expression` in [`from`, `to`), read through nextDueTimes. */
function dueTimesBetween(expression: string, timezone: string, from: string, to: string): string[] {
  const start = new Date(Date.parse(from) - 1);
  return isoList(nextDueTimes(expression, timezone, start, 200, fiveFields)).filter(
    (iso) => Date.parse(iso) < Date.parse(to),
  );
}

describe("cronProblem", () => {
  it("accepts a five-field cron", () => {
    expect(cronProblem("0 3 * * *", fiveFields)).toBeNull();
    expect(cronProblem("*/15 9-17 * * 1-5", fiveFields)).toBeNull();
  });

  it("accepts a five-field cron with whitespace around and between the fields", () => {
    expect(cronProblem("  0   3 * *\t*  ", fiveFields)).toBeNull();
  });

  it("refuses four fields, naming the count", () => {
    const problem = cronProblem("0 3 * *", fiveFields);
    expect(problem).toMatch(/5 fields/);
    expect(problem).toMatch(/not 4/);
  });

  it("refuses an empty cron as required", () => {
    expect(cronProblem("", fiveFields)).toMatch(/required/);
    expect(cronProblem("   ", fiveFields)).toMatch(/required/);
  });

  it("refuses six fields unless seconds are allowed", () => {
    expect(cronProblem("*/5 * * * * *", fiveFields)).toMatch(/not 6/);
    expect(cronProblem("*/5 * * * * *", withSeconds)).toBeNull();
  });

  it("refuses seven fields even when seconds are allowed", () => {
    expect(cronProblem("0 0 3 * * * 2026", withSeconds)).toMatch(/not 7/);
  });

  it("refuses minute 61, naming the minute field", () => {
    const problem = cronProblem("61 * * * *", fiveFields);
    expect(problem).toMatch(/not valid/);
    expect(problem).toMatch(/minute/i);
  });

  it("refuses month 13, naming the month field", () => {
    const problem = cronProblem("0 0 * 13 *", fiveFields);
    expect(problem).toMatch(/not valid/);
    expect(problem).toMatch(/month/i);
  });

  it("refuses hour 25, naming the hour field", () => {
    expect(cronProblem("0 25 * * *", fiveFields)).toMatch(/hour/i);
  });

  it("refuses a cron that can never be due (February 30th)", () => {
    expect(cronProblem("0 0 30 2 *", fiveFields)).toMatch(/never runs/);
  });
});

describe("canonicalTimeZone", () => {
  it("keeps a current name as written, though ICU resolves it to a legacy alias", () => {
    expect(canonicalTimeZone("Asia/Ho_Chi_Minh")).toBe("Asia/Ho_Chi_Minh");
    expect(canonicalTimeZone("Europe/Kyiv")).toBe("Europe/Kyiv");
  });

  it("spells a listed name as listed, whatever its case", () => {
    expect(canonicalTimeZone("europe/berlin")).toBe("Europe/Berlin");
    expect(canonicalTimeZone("utc")).toBe("UTC");
  });

  it("throws for a name that is not a time zone", () => {
    expect(() => canonicalTimeZone("Mars/Olympus")).toThrow();
  });
});

describe("isTimeZone", () => {
  it("knows IANA zones and UTC", () => {
    expect(isTimeZone("Asia/Ho_Chi_Minh")).toBe(true);
    expect(isTimeZone("America/New_York")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
  });

  it("refuses a zone that does not exist", () => {
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });

  it("refuses an empty zone and one with surrounding spaces", () => {
    expect(isTimeZone("")).toBe(false);
    expect(isTimeZone("   ")).toBe(false);
    expect(isTimeZone(" UTC")).toBe(false);
    expect(isTimeZone("UTC ")).toBe(false);
  });
});

describe("nextDueTimes in a time zone", () => {
  it("reads the same cron in the schedule's zone: 03:00 in Ho Chi Minh City is 20:00Z the day before", () => {
    expect(isoList(nextDueTimes("0 3 * * *", "Asia/Ho_Chi_Minh", at("2026-06-01T00:00:00Z"), 2, fiveFields))).toEqual([
      "2026-06-01T20:00:00.000Z",
      "2026-06-02T20:00:00.000Z",
    ]);
  });

  it("keeps Ho Chi Minh City at UTC+7 all year (no DST)", () => {
    expect(isoList(nextDueTimes("0 3 * * *", "Asia/Ho_Chi_Minh", at("2026-01-10T00:00:00Z"), 1, fiveFields))).toEqual([
      "2026-01-10T20:00:00.000Z",
    ]);
  });

  it("gives New York's 03:00 at 07:00Z in summer and 08:00Z in winter", () => {
    expect(isoList(nextDueTimes("0 3 * * *", "America/New_York", at("2026-06-01T00:00:00Z"), 1, fiveFields))).toEqual([
      "2026-06-01T07:00:00.000Z",
    ]);
    expect(isoList(nextDueTimes("0 3 * * *", "America/New_York", at("2026-01-10T00:00:00Z"), 1, fiveFields))).toEqual([
      "2026-01-10T08:00:00.000Z",
    ]);
  });

  it("gives due times strictly after `after`", () => {
    expect(isoList(nextDueTimes("0 3 * * *", "UTC", at("2026-06-01T03:00:00Z"), 1, fiveFields))).toEqual([
      "2026-06-02T03:00:00.000Z",
    ]);
  });

  it("steps five seconds at a time for a seconds cron", () => {
    expect(isoList(nextDueTimes("*/5 * * * * *", "UTC", at("2026-06-01T00:00:00Z"), 3, withSeconds))).toEqual([
      "2026-06-01T00:00:05.000Z",
      "2026-06-01T00:00:10.000Z",
      "2026-06-01T00:00:15.000Z",
    ]);
  });

  it("starts a seconds cron at the next whole step when `after` has milliseconds", () => {
    expect(isoList(nextDueTimes("*/5 * * * * *", "UTC", at("2026-06-01T00:00:00.300Z"), 1, withSeconds))).toEqual([
      "2026-06-01T00:00:05.000Z",
    ]);
  });
});

describe("DST in Europe/Berlin", () => {
  it("runs a 02:30 job once on the spring-forward day, at 03:00 CEST (01:00Z), since 02:30 does not exist", () => {
    // 2026-03-29: clocks go from 02:00 CET to 03:00 CEST; the local day is 2026-03-28T23:00Z to 2026-03-29T22:00Z.
    expect(dueTimesBetween("30 2 * * *", "Europe/Berlin", "2026-03-28T23:00:00Z", "2026-03-29T22:00:00Z")).toEqual([
      "2026-03-29T01:00:00.000Z",
    ]);
  });

  it("keeps 02:30 on the days around spring forward (01:30Z before, 00:30Z after)", () => {
    expect(isoList(nextDueTimes("30 2 * * *", "Europe/Berlin", at("2026-03-27T12:00:00Z"), 3, fiveFields))).toEqual([
      "2026-03-28T01:30:00.000Z",
      "2026-03-29T01:00:00.000Z",
      "2026-03-30T00:30:00.000Z",
    ]);
  });

  it("runs a 02:30 job once on the fall-back day, though 02:30 happens twice", () => {
    // 2026-10-25: clocks go from 03:00 CEST back to 02:00 CET; the local day is 2026-10-24T22:00Z to 2026-10-25T23:00Z.
    const runs = dueTimesBetween("30 2 * * *", "Europe/Berlin", "2026-10-24T22:00:00Z", "2026-10-25T23:00:00Z");
    expect(runs).toHaveLength(1);
    // The first 02:30, still in summer time.
    expect(runs).toEqual(["2026-10-25T00:30:00.000Z"]);
  });
});

describe("DST in America/New_York", () => {
  it("runs a daily 02:30 job once on 2026-03-08, at 03:00 EDT (07:00Z), since 02:30 does not exist", () => {
    // The local day 2026-03-08 is 05:00Z to 04:00Z the next day (23 hours).
    expect(dueTimesBetween("30 2 * * *", "America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z")).toEqual([
      "2026-03-08T07:00:00.000Z",
    ]);
  });

  it("runs a daily 02:30 job once on 2026-11-01, at 02:30 EST (07:30Z)", () => {
    // The local day 2026-11-01 is 04:00Z to 05:00Z the next day (25 hours).
    expect(dueTimesBetween("30 2 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")).toEqual([
      "2026-11-01T07:30:00.000Z",
    ]);
  });

  it("runs a daily 01:30 job once on 2026-11-01, though 01:30 happens twice", () => {
    expect(dueTimesBetween("30 1 * * *", "America/New_York", "2026-11-01T04:00:00Z", "2026-11-02T05:00:00Z")).toEqual([
      "2026-11-01T05:30:00.000Z",
    ]);
  });

  it("runs an hourly job 23 times in the 23-hour local day of spring forward, skipping no real hour", () => {
    const runs = dueTimesBetween("0 * * * *", "America/New_York", "2026-03-08T05:00:00Z", "2026-03-09T04:00:00Z");
    expect(runs).toHaveLength(23);
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!) - Date.parse(runs[i - 1]!)).toBe(3_600_000);
  });

  it("runs an hourly job once per real hour across fall back: 24 distinct instants in 24 hours of UTC", () => {
    const runs = dueTimesBetween("0 * * * *", "America/New_York", "2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z");
    expect(runs).toHaveLength(24);
    expect(new Set(runs).size).toBe(runs.length);
    for (let i = 1; i < runs.length; i++) expect(Date.parse(runs[i]!) - Date.parse(runs[i - 1]!)).toBe(3_600_000);
    // Both 01:00s: 01:00 EDT (05:00Z) and 01:00 EST (06:00Z).
    expect(runs).toContain("2026-11-01T05:00:00.000Z");
    expect(runs).toContain("2026-11-01T06:00:00.000Z");
  });
});

describe("dueRun (the catch-up rule)", () => {
  const daily = "0 3 * * *";

  it("owes nothing before the first due time", () => {
    expect(dueRun(daily, "UTC", at("2026-06-01T03:00:30Z"), at("2026-06-02T02:59:59.999Z"), fiveFields)).toBeNull();
  });

  it("owes the run exactly at its due time", () => {
    expect(dueRun(daily, "UTC", at("2026-06-01T03:00:30Z"), at("2026-06-02T03:00:00Z"), fiveFields)).toEqual({
      dueAt: at("2026-06-02T03:00:00Z"),
      missed: 0,
    });
  });

  it("owes the run a moment after its due time", () => {
    expect(dueRun(daily, "UTC", at("2026-06-01T03:00:30Z"), at("2026-06-02T03:00:00.999Z"), fiveFields)).toEqual({
      dueAt: at("2026-06-02T03:00:00Z"),
      missed: 0,
    });
  });

  it("owes one run, for the latest due time, after three days down, counting the two before it as missed", () => {
    // Handled through 06-01 03:00; down until 06-04 12:00: due 06-02, 06-03, 06-04 at 03:00.
    expect(dueRun(daily, "UTC", at("2026-06-01T03:00:00Z"), at("2026-06-04T12:00:00Z"), fiveFields)).toEqual({
      dueAt: at("2026-06-04T03:00:00Z"),
      missed: 2,
    });
  });

  it("owes nothing more once the run is claimed, until the next due time", () => {
    const handledThrough = at("2026-06-04T03:00:00Z");
    expect(dueRun(daily, "UTC", handledThrough, at("2026-06-04T03:00:00Z"), fiveFields)).toBeNull();
    expect(dueRun(daily, "UTC", handledThrough, at("2026-06-05T02:59:59Z"), fiveFields)).toBeNull();
    expect(dueRun(daily, "UTC", handledThrough, at("2026-06-05T03:00:00Z"), fiveFields)).toEqual({
      dueAt: at("2026-06-05T03:00:00Z"),
      missed: 0,
    });
  });

  it("owes nothing when handled through a time later than the latest due time", () => {
    expect(dueRun(daily, "UTC", at("2026-06-04T05:00:00Z"), at("2026-06-04T04:00:00Z"), fiveFields)).toBeNull();
    expect(dueRun(daily, "UTC", at("2026-06-04T03:00:01Z"), at("2026-06-04T23:00:00Z"), fiveFields)).toBeNull();
  });

  it("owes nothing today for a 03:00 schedule created at 03:00:30, and the run tomorrow at 03:00", () => {
    const created = at("2026-06-01T03:00:30Z");
    expect(dueRun(daily, "UTC", created, at("2026-06-01T03:00:31Z"), fiveFields)).toBeNull();
    expect(dueRun(daily, "UTC", created, at("2026-06-01T23:59:59Z"), fiveFields)).toBeNull();
    expect(dueRun(daily, "UTC", created, at("2026-06-02T03:00:00Z"), fiveFields)).toEqual({
      dueAt: at("2026-06-02T03:00:00Z"),
      missed: 0,
    });
  });

  it("reads due times in the schedule's zone: 03:00 in Ho Chi Minh City is owed at 20:00Z", () => {
    const handledThrough = at("2026-06-01T12:00:00Z");
    expect(dueRun(daily, "Asia/Ho_Chi_Minh", handledThrough, at("2026-06-01T19:59:59Z"), fiveFields)).toBeNull();
    expect(dueRun(daily, "Asia/Ho_Chi_Minh", handledThrough, at("2026-06-01T20:00:00Z"), fiveFields)).toEqual({
      dueAt: at("2026-06-01T20:00:00Z"),
      missed: 0,
    });
  });

  it("owes the last five-second step of a seconds cron, counting the earlier steps as missed", () => {
    // Due at :05, :10, :15 after :00; now :17.
    expect(dueRun("*/5 * * * * *", "UTC", at("2026-06-01T00:00:00Z"), at("2026-06-01T00:00:17Z"), withSeconds)).toEqual(
      { dueAt: at("2026-06-01T00:00:15Z"), missed: 2 },
    );
    expect(
      dueRun("*/5 * * * * *", "UTC", at("2026-06-01T00:00:00Z"), at("2026-06-01T00:00:04.999Z"), withSeconds),
    ).toBeNull();
  });

  it("counts the hour that repeats at New York's fall back as two due times", () => {
    // Handled through 00:00 EDT (04:00Z); due 05:00Z (01:00 EDT), 06:00Z (01:00 EST), 07:00Z (02:00 EST).
    expect(
      dueRun("0 * * * *", "America/New_York", at("2026-11-01T04:00:00Z"), at("2026-11-01T07:30:00Z"), fiveFields),
    ).toEqual({ dueAt: at("2026-11-01T07:00:00Z"), missed: 2 });
  });

  it("owes Berlin's 02:30 job at 01:00Z on the spring-forward day", () => {
    expect(
      dueRun("30 2 * * *", "Europe/Berlin", at("2026-03-28T12:00:00Z"), at("2026-03-29T12:00:00Z"), fiveFields),
    ).toEqual({ dueAt: at("2026-03-29T01:00:00Z"), missed: 0 });
  });

  it("agrees with nextDueTimes across DST changes: the latest due time in (handledThrough, now], the others missed", () => {
    const cases: [string, string, string][] = [
      ["30 2 * * *", "Europe/Berlin", "2026-03-27T00:00:00Z"],
      ["30 2 * * *", "Europe/Berlin", "2026-10-23T00:00:00Z"],
      ["0 * * * *", "America/New_York", "2026-10-31T20:00:00Z"],
      ["0 * * * *", "America/New_York", "2026-03-07T20:00:00Z"],
    ];
    let owed = 0;
    let withMisses = 0;
    for (const [expression, timezone, start] of cases) {
      const base = Date.parse(start);
      const dues = nextDueTimes(expression, timezone, new Date(base - 1), 200, fiveFields).map((d) => d.getTime());
      // Fixed offsets (hours) for handledThrough and now, so the test is the same every run.
      for (const [fromHours, toHours] of [
        [0, 30],
        [5.5, 29.25],
        [20, 52],
        [28, 28.5],
        [31, 60],
      ] as const) {
        const handledThrough = base + fromHours * 3_600_000;
        const now = base + toHours * 3_600_000;
        const inside = dues.filter((due) => due > handledThrough && due <= now);
        const expected = inside.length === 0 ? null : { dueAt: new Date(inside.at(-1)!), missed: inside.length - 1 };
        if (inside.length > 0) owed++;
        if (inside.length > 1) withMisses++;
        expect(dueRun(expression, timezone, new Date(handledThrough), new Date(now), fiveFields)).toEqual(expected);
      }
    }
    // The cases exercise both a single owed run and runs that cover missed ones, not only nulls.
    expect(owed).toBeGreaterThan(10);
    expect(withMisses).toBeGreaterThan(5);
  });
});
