import * as z from "zod";

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  mode: z.enum(["simulator", "provider"]),
  provider: z.object({
    reachable: z.boolean(),
    tokenAccepted: z.boolean().nullable(), // null when the provider could not be asked
    tokenName: z.string().nullable(),
    permissions: z.array(z.string()),
    account: z.object({ email: z.string().nullable(), company: z.string().nullable() }).nullable(),
    error: z.string().nullable(),
    /**
     * The dashboard's circuit breaker in front of VPS.org: `open` while it has stopped calling a
     * provider that kept failing, `half_open` while one request checks whether it is back.
     * Optional so an answer from an older server still parses.
     */
    circuit: z.enum(["closed", "open", "half_open"]).optional(),
    /** When an open circuit lets the next request through (ISO 8601 UTC); null unless open. */
    retryAt: z.string().nullable().optional(),
  }),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof healthSchema>;
