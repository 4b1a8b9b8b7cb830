import { describe, expect, it } from "vitest";
import { auditActions, auditOutcomes } from "@/lib/audit/schemas";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/server/audit-csv";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

// The catalogs are not typed against the code: every action, outcome and CSV column the code knows
// has its name in each language (the page would show the raw key, the CSV a missing header). That the
// catalogs agree with each other is tests/lint/catalogs.test.ts.

const lookUp = (messages: unknown, path: string): unknown =>
  path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], messages);

describe.each([
  ["en", en],
  ["vi", vi],
])("the %s catalog", (_locale, messages) => {
  it.each([
    ...auditActions.map((action) => `Audit.actions.${action}`),
    ...auditOutcomes.map((outcome) => `Audit.outcomes.${outcome}`),
    ...AUDIT_CSV_COLUMNS.map((column) => `AuditCsv.${column}`),
  ])("names %s", (path) => {
    expect(lookUp(messages, path)).toEqual(expect.stringMatching(/\S/));
  });
});
