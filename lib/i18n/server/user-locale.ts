import "server-only";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";
import { isLocale, type Locale } from "@/lib/i18n/locales";

/** The language a user chose, or null when they never did. */
export async function readUserLocale(db: Kysely<Database>, userId: string): Promise<Locale | null> {
  const row = await db.selectFrom("user_preference").select("locale").where("user_id", "=", userId).executeTakeFirst();
  return isLocale(row?.locale) ? row.locale : null;
}

/** Saves a user's language with their account (every instance, every browser they sign in from). */
export async function saveUserLocale(db: Kysely<Database>, userId: string, locale: Locale): Promise<void> {
  const updatedAt = new Date().toISOString();
  await db
    .insertInto("user_preference")
    .values({ user_id: userId, locale, updated_at: updatedAt })
    .onConflict((oc) => oc.column("user_id").doUpdateSet({ locale, updated_at: updatedAt }))
    .execute();
}
