import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";
import { LOCALES } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

// The catalogs say the same things: the same keys in every language, each message with the same
// arguments and tags (a language may select or pluralise on an argument another shows plainly).

type Catalog = { [key: string]: string | Catalog };
const catalogs: Record<(typeof LOCALES)[number], Catalog> = { en, vi };

function flatten(catalog: Catalog, prefix = ""): Map<string, string> {
  return new Map(
    Object.entries(catalog).flatMap(([key, value]) =>
      typeof value === "string" ? [[`${prefix}${key}`, value]] : [...flatten(value, `${prefix}${key}.`)],
    ),
  );
}

function namesIn(elements: MessageFormatElement[], names = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    names.add(element.type === TYPE.tag ? `<${element.value}>` : element.value);
    if (element.type === TYPE.tag) namesIn(element.children, names);
    if (element.type === TYPE.select || element.type === TYPE.plural) {
      for (const option of Object.values(element.options)) namesIn(option.value, names);
    }
  }
  return names;
}

const argumentsOf = (message: string) => [...namesIn(parse(message))].sort();

describe("the message catalogs", () => {
  const english = flatten(catalogs.en);

  it.each(LOCALES.filter((locale) => locale !== "en"))("%s has exactly the English keys", (locale) => {
    expect([...flatten(catalogs[locale]).keys()].sort()).toEqual([...english.keys()].sort());
  });

  it.each(LOCALES.filter((locale) => locale !== "en"))(
    "%s's messages take the English arguments and tags",
    (locale) => {
      const other = flatten(catalogs[locale]);
      for (const [key, message] of english) {
        expect({ key, names: argumentsOf(other.get(key) ?? "") }).toEqual({ key, names: argumentsOf(message) });
      }
    },
  );
});
