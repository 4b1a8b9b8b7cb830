import { readFileSync } from "node:fs";
import path from "node:path";
import { createTranslator } from "next-intl";

// The page's texts as the catalogs have them, so a spec locates elements by their localised names:
// `text("vi", "UserMenu.signOut")` → "Đăng xuất". Formatted by next-intl's own translator (ICU
// arguments and plurals as the page formats them).

export type SpecLocale = "en" | "vi";
const catalog = (locale: SpecLocale) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, "..", "messages", `${locale}.json`), "utf8")) as Record<
    string,
    unknown
  >;
const catalogs = { en: catalog("en"), vi: catalog("vi") };

type Markup = (key: string, values?: Record<string, unknown>) => string;

/** A message as plain text (rich-text tags give their content: what an accessible name reads). */
export function text(locale: SpecLocale, key: string, values?: Record<string, string | number | Date>): string {
  const translate = createTranslator({ locale, messages: catalogs[locale], timeZone: "UTC" });
  const raw = (translate as unknown as { raw: (key: string) => unknown }).raw(key);
  const tags = typeof raw === "string" ? [...raw.matchAll(/<([A-Za-z][\w-]*)>/g)].map((match) => match[1]!) : [];
  const plain = Object.fromEntries(tags.map((tag) => [tag, (chunks: string) => chunks]));
  return (translate as unknown as { markup: Markup }).markup(key, { ...values, ...plain });
}

/** The same, bound to one language. */
export const textsOf = (locale: SpecLocale) => (key: string, values?: Record<string, string | number | Date>) =>
  text(locale, key, values);
