import { describe, expect, it } from "vitest";
import { MAX_DESCRIPTION_LENGTH } from "@/lib/backups/limits";
import { renderDescription, type DescriptionValues } from "@/lib/schedules/description";

const values: DescriptionValues = {
  schedule: "Nightly",
  server: "web-1",
  dueAt: new Date("2026-12-31T20:30:00Z"),
  timezone: "Asia/Ho_Chi_Minh",
};

describe("renderDescription", () => {
  it("fills {schedule}, {server}, {date} and {time}, the date and time in the schedule's zone", () => {
    // 2026-12-31T20:30Z is 2027-01-01 03:30 in Ho Chi Minh City (UTC+7).
    expect(renderDescription("{schedule} {server} {date} {time}", values)).toBe("Nightly web-1 2027-01-01 03:30");
  });

  it("gives the date and time in UTC when the schedule's zone is UTC", () => {
    expect(renderDescription("{date} {time}", { ...values, timezone: "UTC" })).toBe("2026-12-31 20:30");
  });

  it("writes midnight as 00:00 in 24-hour form", () => {
    // 2026-06-01T17:00Z is midnight in Ho Chi Minh City.
    expect(renderDescription("{date} {time}", { ...values, dueAt: new Date("2026-06-01T17:00:00Z") })).toBe(
      "2026-06-02 00:00",
    );
  });

  it("writes afternoon hours in 24-hour form with two-digit months and days", () => {
    expect(
      renderDescription("{date} {time}", { ...values, timezone: "UTC", dueAt: new Date("2026-03-04T15:05:00Z") }),
    ).toBe("2026-03-04 15:05");
  });

  it("fills a placeholder each time it appears", () => {
    expect(renderDescription("{server}/{server}", values)).toBe("web-1/web-1");
  });

  it("leaves unknown placeholders, and ones in another case, as they are", () => {
    expect(renderDescription("{schedule} {foo} {Date} {SERVER}", values)).toBe("Nightly {foo} {Date} {SERVER}");
  });

  it("does not fill placeholders that appear inside the values", () => {
    expect(renderDescription("{schedule}", { ...values, schedule: "{date} $& $1" })).toBe("{date} $& $1");
  });

  it("trims whitespace around the description", () => {
    expect(renderDescription("   {schedule} {date}  \n", values)).toBe("Nightly 2027-01-01");
  });

  it("trims what an empty value leaves at the edges", () => {
    expect(renderDescription("{schedule} {server}", { ...values, schedule: "" })).toBe("web-1");
  });

  it("cuts the description to 255 characters", () => {
    expect(MAX_DESCRIPTION_LENGTH).toBe(255);
    const long = renderDescription("{server} " + "x".repeat(300), values);
    expect(long).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(long.startsWith("web-1 xxx")).toBe(true);
  });

  it("cuts after filling the placeholders, so a long server name counts", () => {
    const server = "s".repeat(250);
    const rendered = renderDescription("{server} {date}", { ...values, server });
    expect(rendered).toHaveLength(MAX_DESCRIPTION_LENGTH);
    expect(rendered).toBe(`${server} 2027`);
  });

  it("leaves a description of exactly 255 characters whole", () => {
    const exact = "y".repeat(MAX_DESCRIPTION_LENGTH);
    expect(renderDescription(exact, values)).toBe(exact);
  });
});
