import { defineRoute, json } from "@/lib/api/route";
import { localeInputSchema } from "@/lib/i18n/inputs";
import { localeAnswerSchema } from "@/lib/i18n/schemas";
import { LOCALE_COOKIE } from "@/lib/i18n/locales";
import { saveUserLocale } from "@/lib/i18n/server/user-locale";

// PUT /api/me/locale – the signed-in user's language, saved with their account (every browser and
// instance), and remembered by this browser for the pages before sign-in (a cookie, a year).
export const PUT = defineRoute({ body: localeInputSchema }, async ({ store, session, body }) => {
  await saveUserLocale(store.db, session.user.id, body.locale);
  const cookie = [
    `${LOCALE_COOKIE}=${body.locale}`,
    "Path=/",
    `Max-Age=${365 * 24 * 60 * 60}`,
    "SameSite=Lax",
    ...(store.config.secureCookies ? ["Secure"] : []),
  ].join("; ");
  return json(localeAnswerSchema, { locale: body.locale }, { headers: { "Set-Cookie": cookie } });
});
