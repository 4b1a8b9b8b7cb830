import { describe, expect, it } from "vitest";
import { auditListQuerySchema } from "@/lib/audit/inputs";
import { toAuditQuery } from "@/lib/audit/server/audit-entry";

describe("the audit API's query", () => {
  it("takes dates as whole UTC days (to inclusive) and times as given", () => {
    const query = toAuditQuery(auditListQuerySchema.parse({ from: "2030-01-02", to: "2030-01-03" }));
    expect(query.from?.toISOString()).toBe("2030-01-02T00:00:00.000Z");
    expect(query.to?.toISOString()).toBe("2030-01-04T00:00:00.000Z");
    const times = toAuditQuery(auditListQuerySchema.parse({ from: "2030-01-02T10:00:00+02:00" }));
    expect(times.from?.toISOString()).toBe("2030-01-02T08:00:00.000Z");
  });

  it("maps the snake_case names and numbers of the query string", () => {
    expect(
      toAuditQuery(
        auditListQuerySchema.parse({
          actor: "ada@example.com",
          action: "backup.delete",
          outcome: "unknown",
          server_id: "12",
          backup_id: "34",
          page: "2",
          page_size: "10",
        }),
      ),
    ).toEqual({
      actor: "ada@example.com",
      action: "backup.delete",
      outcome: "unknown",
      serverId: "12",
      backupId: "34",
      from: undefined,
      to: undefined,
      page: 2,
      pageSize: 10,
    });
  });

  it.each([
    ["an unknown action", { action: "backup.steal" }],
    ["an unknown outcome", { outcome: "maybe" }],
    ["a date that is not one", { from: "yesterday" }],
    ["a page of 0", { page: "0" }],
    ["a page size over 500", { page_size: "501" }],
    ["a server id that is not digits", { server_id: "1e3" }],
    ["an unknown parameter", { sort: "asc" }],
  ])("refuses %s", (_name, query) => {
    expect(auditListQuerySchema.safeParse(query).success).toBe(false);
  });
});
