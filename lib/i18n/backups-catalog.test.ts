import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

// The backups page's namespaces: the same keys in both catalogs, each message with the same
// arguments and tags in both languages (a Vietnamese message may choose other select branches).
const NAMESPACES = [
  "BackupsPage",
  "BackupsDashboard",
  "BackupTable",
  "Filters",
  "Status",
  "ServerOverview",
  "Freshness",
  "Activity",
  "Simulator",
  "Format",
] as const;

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** The names a message needs: `{name}`, `{name, select, …}` (and those of its branches), `<tag>`. */
function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  let i = 0;
  // A message up to the `}` that closes it (or the end): text, tags and arguments.
  const readMessage = () => {
    while (i < message.length && message[i] !== "}") {
      if (message[i] === "{") readArgument();
      else {
        const tag = /^<([A-Za-z]\w*)>/.exec(message.slice(i));
        if (tag) names.add(`<${tag[1]}>`);
        i += tag ? tag[0].length : 1;
      }
    }
  };
  // `{name}`, `{name, number}`, `{name, select|plural, key {message} …}`.
  const readArgument = () => {
    const head = /^\{\s*([A-Za-z_]\w*)\s*(?:,\s*(\w+)\s*)?(,|\})/.exec(message.slice(i));
    if (!head) throw new Error(`Unreadable argument at ${i} in ${message}`);
    names.add(head[1]!);
    i += head[0].length;
    if (head[3] === "}") return;
    if (head[2] !== "select" && head[2] !== "plural" && head[2] !== "selectordinal") {
      i = message.indexOf("}", i) + 1; // a style: `{n, number, integer}`
      return;
    }
    for (;;) {
      const branch = /^\s*(=?[^\s{}]+)\s*\{/.exec(message.slice(i));
      if (!branch) break;
      i += branch[0].length;
      readMessage();
      i += 1; // the branch's `}`
    }
    const close = /^\s*\}/.exec(message.slice(i));
    if (!close) throw new Error(`Unclosed argument ${head[1]} in ${message}`);
    i += close[0].length;
  };
  readMessage();
  if (i < message.length) throw new Error(`Unbalanced } in ${message}`);
  return [...names].sort();
}

describe.each(NAMESPACES)("the %s messages", (namespace) => {
  const english = flatten((en as unknown as Record<string, Tree>)[namespace]!);
  const vietnamese = flatten((vi as unknown as Record<string, Tree>)[namespace]!);

  it("have the same keys in English and Vietnamese", () => {
    expect([...vietnamese.keys()].sort()).toEqual([...english.keys()].sort());
  });

  it("take the same arguments in both languages", () => {
    for (const [key, message] of english) {
      expect({ key, arguments: argumentsOf(vietnamese.get(key) ?? "") }).toEqual({
        key,
        arguments: argumentsOf(message),
      });
    }
  });
});

describe("argumentsOf", () => {
  it("reads arguments, those inside branches and tags, but not the branches' words", () => {
    expect(
      argumentsOf("{a, select, manual {manual} x {{b} <t>c</t>} other {}} {n, plural, one {# d} other {# {e}s}}"),
    ).toEqual(["<t>", "a", "b", "e", "n"]);
  });
});
