import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, localeFromAcceptLanguage, type Locale } from "@/lib/i18n/locales";
import { readUserLocale } from "@/lib/i18n/server/user-locale";

/** This browser's last choice, from a Cookie header. */
export function localeCookieOf(cookieHeader: string | null): Locale | null {
  for (const pair of (cookieHeader ?? "").split(";")) {
    const [name, value] = pair.trim().split("=");
    if (name === LOCALE_COOKIE && isLocale(value)) return value;
  }
  return null;
}

/**
 * The language of a request: the signed-in user's saved choice, else this browser's last choice,
 * else its Accept-Language, else English. A store that cannot be read only skips the first.
 */
export async function requestLocale(input: {
  db: Kysely<Database> | null;
  userId: string | null;
  headers: Headers;
}): Promise<Locale> {
  if (input.db && input.userId) {
    const saved = await readUserLocale(input.db, input.userId).catch(() => null);
    if (saved) return saved;
  }
  return (
    localeCookieOf(input.headers.get("cookie")) ??
    localeFromAcceptLanguage(input.headers.get("accept-language")) ??
    DEFAULT_LOCALE
  );
}
