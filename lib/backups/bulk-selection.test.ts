import { describe, expect, it } from "vitest";
import { pickedAmong, toggleAllPicked, togglePicked, type Picked } from "@/lib/backups/bulk-selection";

const rows = [{ id: 1 }, { id: 2 }, { id: 3 }];

describe("the bulk delete's selection", () => {
  it("selects and deselects one row, forgetting its reason", () => {
    const one = togglePicked(new Map(), 2);
    expect([...one]).toEqual([[2, null]]);
    expect([...togglePicked(new Map([[2, "protected"]]), 2)]).toEqual([]);
  });

  it("answers the selected rows in the rows' order, ignoring ids not among them", () => {
    const picked: Picked = new Map([
      [3, null],
      [1, null],
      [99, null],
    ]);
    expect(pickedAmong(picked, rows)).toEqual([{ id: 1 }, { id: 3 }]);
  });

  it("select all takes every row (keeping reasons), and none once all are selected; other ids stay", () => {
    const some: Picked = new Map([
      [2, "protected"],
      [99, null],
    ]);
    const all = toggleAllPicked(some, rows);
    expect([...all].sort()).toEqual([
      [1, null],
      [2, "protected"],
      [3, null],
      [99, null],
    ]);
    expect([...toggleAllPicked(all, rows)]).toEqual([[99, null]]);
  });
});
