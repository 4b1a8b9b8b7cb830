import { describe, expect, it } from "vitest";
import { historyDaysOf, serverHistoryQuerySchema, serverPathSchema } from "@/lib/servers/history-inputs";

describe("the server page's inputs", () => {
  it("takes a server id of plain digits only", () => {
    expect(serverPathSchema.parse({ serverId: "12345" })).toEqual({ serverId: 12345 });
    for (const bad of ["0", "-1", "1.5", "abc", "1e3", "9007199254740992"])
      expect(serverPathSchema.safeParse({ serverId: bad }).success).toBe(false);
  });

  it("bounds days from 1 to 3650", () => {
    expect(serverHistoryQuerySchema.parse({ days: "90" })).toEqual({ days: 90 });
    expect(serverHistoryQuerySchema.parse({})).toEqual({});
    for (const bad of ["0", "3651", "9.5", "ten", "-3"])
      expect(serverHistoryQuerySchema.safeParse({ days: bad }).success).toBe(false);
  });

  it("falls back to 90 days on the page for a missing or malformed ?days=", () => {
    expect(historyDaysOf("30")).toBe(30);
    expect(historyDaysOf(undefined)).toBe(90);
    expect(historyDaysOf("forever")).toBe(90);
  });
});
