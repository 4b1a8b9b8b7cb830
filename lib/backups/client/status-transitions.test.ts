import { describe, expect, it } from "vitest";
import { statusSnapshot, transitionsFrom } from "@/lib/backups/client/status-transitions";

const item = (id: number, status: string | null) => ({ id, status });

describe("transitionsFrom", () => {
  it("reports in_progress → completed and in_progress → failed", () => {
    const previous = statusSnapshot([item(1, "in_progress"), item(2, "in_progress"), item(3, "completed")]);
    const next = [item(1, "completed"), item(2, "failed"), item(3, "completed")];
    expect(transitionsFrom(previous, next, "in_progress")).toEqual([
      { item: item(1, "completed"), from: "in_progress", to: "completed" },
      { item: item(2, "failed"), from: "in_progress", to: "failed" },
    ]);
  });

  it("reports nothing on the first load", () => {
    expect(transitionsFrom(undefined, [item(1, "completed")], "in_progress")).toEqual([]);
  });

  it("ignores items still running, new items and items that were never running", () => {
    const previous = statusSnapshot([item(1, "in_progress"), item(2, "completed")]);
    const next = [item(1, "in_progress"), item(2, "failed"), item(3, "completed")];
    expect(transitionsFrom(previous, next, "in_progress")).toEqual([]);
  });

  it("reports a server leaving restoring", () => {
    const previous = statusSnapshot([item(7, "restoring"), item(8, null)]);
    expect(transitionsFrom(previous, [item(7, "active"), item(8, null)], "restoring")).toEqual([
      { item: item(7, "active"), from: "restoring", to: "active" },
    ]);
  });

  it("does not report a backup that disappeared", () => {
    expect(transitionsFrom(statusSnapshot([item(1, "in_progress")]), [], "in_progress")).toEqual([]);
  });
});
