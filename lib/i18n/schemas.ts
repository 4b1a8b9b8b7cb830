import * as z from "zod/mini";
import { LOCALES } from "@/lib/i18n/locales";

/** PUT /api/me/locale's answer: the language now saved (parsed by the route, checked by the browser). */
export const localeAnswerSchema = z.strictObject({ locale: z.enum(LOCALES) });
