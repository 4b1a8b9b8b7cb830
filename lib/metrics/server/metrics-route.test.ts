import { describe, expect, it } from "vitest";
import { bearerMatches } from "@/lib/metrics/server/metrics-route";

const TOKEN = "metrics_unit_0123456789abcdef0123456789abcdef";

describe("bearerMatches", () => {
  it("accepts the token as a Bearer credential, the scheme in any case", () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it("refuses no header, another scheme, another or a partial token, and an empty one", () => {
    expect(bearerMatches(null, TOKEN)).toBe(false);
    expect(bearerMatches(`Basic ${TOKEN}`, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN}x`, TOKEN)).toBe(false);
    expect(bearerMatches("Bearer ", TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
  });
});
