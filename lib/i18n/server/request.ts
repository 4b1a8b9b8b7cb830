import "server-only";
import { headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { getPageSession } from "@/lib/auth/server/page-session";
import { isLocale, type Locale } from "@/lib/i18n/locales";
import { requestLocale } from "@/lib/i18n/server/request-locale";
import { getStore } from "@/lib/store/store";

// next-intl's request configuration (next.config.ts points its plugin here): the language of each
// server render, without a locale in the URL, and only that language's messages (precompiled by
// the plugin), which the client provider passes on to the browser.
// A caller that names a language (`getTranslations({ locale, namespace })`) gets that one.
export default getRequestConfig(async ({ locale: asked }) => {
  const locale = isLocale(asked) ? asked : await thisRequestsLocale();
  return {
    locale,
    messages: (await import(`../../../messages/${locale}.json`)).default,
    // Server renders format in UTC; the browser formats in the viewer's own zone after hydration
    // (lib/backups/client/use-display-format.ts).
    timeZone: "UTC",
  };
});

async function thisRequestsLocale(): Promise<Locale> {
  const session = await getPageSession().catch(() => null);
  const store = session ? await getStore() : null;
  return requestLocale({ db: store?.db ?? null, userId: session?.user.id ?? null, headers: await headers() });
}
