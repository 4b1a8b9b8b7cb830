import * as z from "zod";
import { MAX_EVENT_LIMIT } from "@/lib/events/schemas";
import { idParamSchema } from "@/lib/http/ids";

// GET /api/events: the query, the one definition of it (full zod, parsed on the server; the browser
// imports its type only and builds the query string itself).

export const eventsQuerySchema = z.strictObject({
  server_id: idParamSchema("server_id").optional(),
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, { error: `limit must be a whole number from 1 to ${MAX_EVENT_LIMIT}` })
    .transform(Number)
    .refine((value) => value <= MAX_EVENT_LIMIT, { error: `limit must be at most ${MAX_EVENT_LIMIT}` })
    .optional(),
  /** An event id: only older events (the previous page's `next_before`). */
  before: idParamSchema("before").optional(),
});
export type EventsQuery = z.infer<typeof eventsQuerySchema>;
