import * as z from "zod";
import { idParamSchema } from "@/lib/http/ids";
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from "@/lib/servers/history-schemas";

// GET /api/servers/{serverId}/history?days= and the page /servers/{serverId}: the one definition of
// their path and query (full zod, parsed on the server; the browser imports the types only).

export const serverPathSchema = z.strictObject({ serverId: idParamSchema("serverId") });
export type ServerPath = z.infer<typeof serverPathSchema>;

export const serverHistoryQuerySchema = z.strictObject({
  /** How many days back, from now: 1 to MAX_HISTORY_DAYS (the longest the store keeps history). */
  days: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, { error: `days must be a whole number from 1 to ${MAX_HISTORY_DAYS}` })
    .transform(Number)
    .refine((value) => value <= MAX_HISTORY_DAYS, { error: `days must be at most ${MAX_HISTORY_DAYS}` })
    .optional(),
});
export type ServerHistoryQuery = z.infer<typeof serverHistoryQuerySchema>;

/** The days a page's `?days=` asks for, or the default when it is missing or malformed (a page does not refuse). */
export function historyDaysOf(value: string | undefined): number {
  const parsed = serverHistoryQuerySchema.safeParse(value === undefined ? {} : { days: value });
  return (parsed.success ? parsed.data.days : undefined) ?? DEFAULT_HISTORY_DAYS;
}
