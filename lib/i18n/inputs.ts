import * as z from "zod";
import { LOCALES } from "@/lib/i18n/locales";

/** PUT /api/me/locale: the language the signed-in user chooses. */
export const localeInputSchema = z.strictObject({
  locale: z.enum(LOCALES, { error: `locale must be one of: ${LOCALES.join(", ")}` }),
});
