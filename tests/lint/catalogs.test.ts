import { readFileSync } from "node:fs";
import path from "node:path";
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, LOCALES } from "@/lib/i18n/locales";

// The catalogs in messages/: every language has every message of the others, and each message takes
// the same ICU arguments (with the same types) in every language, so no screen falls back or breaks.

const root = path.resolve(import.meta.dirname, "../..");
type Catalog = { [key: string]: string | Catalog };
const catalog = (locale: string): Catalog =>
  JSON.parse(readFileSync(path.join(root, "messages", `${locale}.json`), "utf8")) as Catalog;

/** Every message by its dotted key. */
export function flatten(tree: Catalog, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (typeof value === "string") out.set(name, value);
    else for (const [k, v] of flatten(value, name)) out.set(k, v);
  }
  return out;
}

/**
 * A message's arguments by name, and its rich-text tags as `<tag>`, sorted. Types may differ: a
 * count that English puts in a plural is a plain `{count}` in Vietnamese, which has no plural forms.
 */
export function argumentsOf(message: string): string[] {
  const found = new Set<string>();
  const walk = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      switch (element.type) {
        case TYPE.argument:
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          found.add(element.value);
          break;
        case TYPE.plural:
        case TYPE.select:
          found.add(element.value);
          for (const option of Object.values(element.options)) walk(option.value);
          break;
        case TYPE.tag:
          found.add(`<${element.value}>`);
          walk(element.children);
          break;
        default:
          break;
      }
    }
  };
  walk(parse(message));
  return [...found].sort();
}

const flat = Object.fromEntries(LOCALES.map((locale) => [locale, flatten(catalog(locale))]));

describe("the catalogs", () => {
  it.each(LOCALES.filter((locale) => locale !== DEFAULT_LOCALE))("%s has exactly the messages of English", (locale) => {
    const english = [...flat[DEFAULT_LOCALE]!.keys()].sort();
    expect([...flat[locale]!.keys()].sort()).toEqual(english);
  });

  it.each(LOCALES)("every message of %s is valid ICU with the arguments English has", (locale) => {
    const mismatches: string[] = [];
    for (const [key, message] of flat[locale]!) {
      const english = flat[DEFAULT_LOCALE]!.get(key);
      if (english === undefined) continue;
      expect(() => parse(message), `${locale} ${key}`).not.toThrow();
      const [ours, theirs] = [argumentsOf(message).join(", "), argumentsOf(english).join(", ")];
      if (ours !== theirs) mismatches.push(`${key}: ${locale} {${ours}} vs en {${theirs}}`);
    }
    expect(mismatches).toEqual([]);
  });

  it("has no empty message, and no Vietnamese message left in English", () => {
    const empty = [...flat.vi!].filter(([, message]) => !message.trim()).map(([key]) => key);
    expect(empty).toEqual([]);
    // Words that only an untranslated message would have (brand names and codes aside).
    const untranslated = [...flat.vi!]
      .filter(([key, message]) => message === flat.en!.get(key) && /\b(the|and|backup|server|sign)\b/i.test(message))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it("finds a differing argument (the check itself)", () => {
    expect(argumentsOf("{count, plural, one {# backup of {server}} other {# backups}}")).toEqual(["count", "server"]);
    expect(argumentsOf("Role: <strong>{role}</strong>")).toEqual(["<strong>", "role"]);
    expect(argumentsOf("{count} bản sao lưu")).toEqual(argumentsOf("{count, plural, other {# backups}}"));
    expect(argumentsOf("{count} bản sao lưu của {name}")).not.toEqual(
      argumentsOf("{count, plural, other {# backups}}"),
    );
  });
});
