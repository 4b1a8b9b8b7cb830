import { fetchJson } from "@/lib/http/client/fetch-json";
import type { Locale } from "@/lib/i18n/locales";
import { localeAnswerSchema } from "@/lib/i18n/schemas";

/** Saves the signed-in user's language with their account (PUT /api/me/locale). */
export function saveLocale(locale: Locale) {
  return fetchJson("/api/me/locale", localeAnswerSchema, { method: "PUT", body: { locale } });
}
