import { describe, expect, it } from "vitest";
import { linearScale, niceTicks, timeTicks } from "@/lib/servers/chart-scale";

describe("linearScale", () => {
  it("maps the domain onto the range, also reversed (SVG's y grows downwards)", () => {
    const y = linearScale([0, 100], [200, 0]);
    expect(y(0)).toBe(200);
    expect(y(25)).toBe(150);
    expect(y(100)).toBe(0);
  });

  it("puts every value of a one-value domain in the middle", () => {
    expect(linearScale([5, 5], [0, 100])(5)).toBe(50);
  });
});

describe("niceTicks", () => {
  it("steps by 1, 2 or 5 times a power of ten, from 0 to at least the maximum", () => {
    expect(niceTicks(0, 2048)).toEqual([0, 1000, 2000, 3000]);
    expect(niceTicks(0, 600)).toEqual([0, 200, 400, 600]);
    expect(niceTicks(0, 7.3)).toEqual([0, 2, 4, 6, 8]);
    expect(niceTicks(0, 0.35)).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
  });

  it("gives an axis even to a series of zeros", () => {
    const ticks = niceTicks(0, 0);
    expect(ticks[0]).toBe(0);
    expect(ticks.length).toBeGreaterThanOrEqual(2);
  });
});

describe("timeTicks", () => {
  it("spreads the ticks evenly, both ends included", () => {
    expect(timeTicks(0, 300, 4)).toEqual([0, 100, 200, 300]);
    expect(timeTicks(10, 10)).toEqual([10]);
  });
});
