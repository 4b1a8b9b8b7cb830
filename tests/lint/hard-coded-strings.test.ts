import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

// No user-facing text written straight into a page or component: it all comes from the catalogs in
// messages/ (tests/lint/catalogs.test.ts keeps them in step). Found by parsing every .tsx of app/ and
// components/: text between JSX tags, the attributes a person reads or hears (aria-label, title,
// placeholder, alt …), and the strings handed to a toast or an error state.

const root = path.resolve(import.meta.dirname, "../..");
const TEXT_ATTRIBUTES = new Set([
  "aria-label",
  "aria-description",
  "aria-roledescription",
  "aria-valuetext",
  "aria-placeholder",
  "title",
  "placeholder",
  "alt",
  "label",
]);
/** Calls whose first argument is shown to a person. */
const TEXT_CALLS = /^(toast(\.\w+)?|set\w*(Error|Message|Notice)|confirm|alert)$/;
/** Text that is not language: the brand in the logo, units and symbols. */
const NOT_LANGUAGE = /\b(VPS\.org|KB|MB|GB|TB|UTC)\b/g;
const hasWords = (text: string) => /\p{L}/u.test(text.replace(NOT_LANGUAGE, ""));

function* files(dir: string): Generator<string> {
  for (const entry of readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const relative = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* files(relative);
    else if (/\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) yield relative;
  }
}

/** Each hard-coded text of a .tsx source, as `file:line "text"`. */
export function hardCodedStrings(file: string, source: string): string[] {
  const sourceFile = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const report = (node: ts.Node, text: string) => {
    const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
    found.push(`${file}:${line + 1} ${JSON.stringify(text.trim().replace(/\s+/g, " "))}`);
  };
  const literal = (node: ts.Node | undefined): string | null => {
    if (!node) return null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
    if (ts.isJsxExpression(node)) return literal(node.expression);
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((s) => s.literal.text).join(" ");
    if (ts.isConditionalExpression(node)) return [literal(node.whenTrue), literal(node.whenFalse)].join(" ");
    return null;
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && hasWords(node.text)) report(node, node.text);
    if (ts.isJsxExpression(node) && node.parent && (ts.isJsxElement(node.parent) || ts.isJsxFragment(node.parent))) {
      const text = literal(node.expression);
      if (text && hasWords(text)) report(node, text);
    }
    if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sourceFile))) {
      const text = literal(node.initializer);
      if (text && hasWords(text)) report(node, text);
    }
    if (ts.isCallExpression(node) && TEXT_CALLS.test(node.expression.getText(sourceFile))) {
      const text = literal(node.arguments[0]);
      if (text && hasWords(text)) report(node, text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

describe("user-facing text", () => {
  it("finds what it is meant to find (the check itself)", () => {
    const found = hardCodedStrings(
      "x.tsx",
      `export const A = () => (<div title="Hello there" className="p-2">Delete {n} backups<span>{"Sign out"}</span>
        <b aria-label={ok ? "Close" : "Open"}>·</b>{t("fine")}<i>VPS.org</i><i>—</i>{\`\${n} MB\`}</div>);
       function f() { toast.error("It failed"); setError(\`No \${x}\`); setOpen("x" as never); }`,
    );
    expect(found.map((line) => line.split(" ").slice(1).join(" "))).toEqual([
      '"Hello there"',
      '"Delete"',
      '"backups"',
      '"Sign out"',
      '"Close Open"',
      '"It failed"',
      '"No"',
    ]);
  });

  it("is none in the pages and components: everything comes from messages/", () => {
    const found = [...files("app"), ...files("components")].flatMap((file) =>
      hardCodedStrings(file, readFileSync(path.join(root, file), "utf8")),
    );
    expect(found).toEqual([]);
  });
});
