import { describe, expect, it } from "vitest";
import { auditActions, auditOutcomes } from "@/lib/audit/schemas";
import { AUDIT_CSV_COLUMNS } from "@/lib/audit/server/audit-csv";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

// The catalogs are not typed against the code: every action, outcome and CSV column the code knows
// has its name in each language (the page would show the raw key, the CSV a missing header).

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

/** The argument names of an ICU message (simple, plural and select ones, in any branch); not its branch selectors. */
function icuArguments(text: string): Set<string> {
  const found = new Set<string>();
  let i = 0;
  const skipSpace = () => {
    while (/\s/.test(text[i] ?? "")) i++;
  };
  const word = () => {
    const start = i;
    while (i < text.length && !/[\s,{}]/.test(text[i]!)) i++;
    return text.slice(start, i);
  };
  // A message up to the `}` that closes it (or the end), from i.
  const message = () => {
    while (i < text.length && text[i] !== "}") {
      if (text[i] === "{") argument();
      else i++;
    }
  };
  const argument = () => {
    i++; // {
    skipSpace();
    found.add(word());
    skipSpace();
    if (text[i] === ",") {
      i++;
      skipSpace();
      const type = word();
      skipSpace();
      if (text[i] === ",") i++;
      if (["plural", "select", "selectordinal"].includes(type)) {
        for (;;) {
          skipSpace();
          if (text[i] !== "{" && word() === "") break;
          skipSpace();
          if (text[i] !== "{") break;
          i++;
          message();
          i++; // } of the branch
        }
      } else {
        while (i < text.length && text[i] !== "}") i++;
      }
      skipSpace();
    }
    i++; // } of the argument
  };
  message();
  return found;
}

describe("the admin pages' messages", () => {
  const keys = (node: unknown, prefix = ""): string[] =>
    typeof node === "string"
      ? [prefix]
      : Object.entries(node as Record<string, unknown>).flatMap(([key, value]) =>
          keys(value, prefix ? `${prefix}.${key}` : key),
        );
  const args = (text: string) => [...icuArguments(text)].sort();

  it("reads the arguments, not the branch selectors", () => {
    expect([
      ...icuArguments("{total, plural, one {{total} entry} other {{total} entries}}, page {page} of {pages}"),
    ]).toEqual(["total", "page", "pages"]);
    expect([...icuArguments("{email} added as {role, select, admin {admin} other {{role}}}.")]).toEqual([
      "email",
      "role",
    ]);
    expect([...icuArguments("Enable<hidden> {name}</hidden>")]).toEqual(["name"]);
    expect([...icuArguments("Plain words.")]).toEqual([]);
  });

  it.each(["Metadata", "Audit", "AuditCsv", "Users", "SignIn", "Setup"] as const)(
    "%s has the same keys and arguments in English and Vietnamese",
    (namespace) => {
      expect(keys(vi[namespace])).toEqual(keys(en[namespace]));
      for (const key of keys(en[namespace])) {
        expect(args(lookUp(vi[namespace], key) as string), key).toEqual(args(lookUp(en[namespace], key) as string));
      }
    },
  );
});
