import { createTranslator } from "next-intl";
import en from "../messages/en.json";
import vi from "../messages/vi.json";

// The page's texts as the catalogs have them, so a spec locates elements by their localised names:
// `text("vi", "UserMenu.signOut")` → "Đăng xuất". Formatted by next-intl's own translator (ICU
// arguments and plurals as the page formats them).

export type SpecLocale = "en" | "vi";
const catalogs = { en, vi };

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
