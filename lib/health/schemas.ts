import * as z from "zod/mini";

// What GET /api/health answers: the one definition (zod/mini, like every answer the browser may read).

export const healthSchema = z.object({
  /**
   * `ok`: the store answers and VPS.org accepts the token; `degraded`: the store answers but VPS.org
   * does not (or rejects the token); `unavailable`: the dashboard's own database cannot be reached,
   * so nothing but this answer works (HTTP 503, Retry-After).
   */
  status: z.enum(["ok", "degraded", "unavailable"]),
  mode: z.enum(["simulator", "provider"]),
  /** The dashboard's own database (users, sessions, the audit log): a `select 1` with a short timeout. */
  store: z.object({
    status: z.enum(["ok", "unavailable"]),
    /** What is wrong, for a person; null when it answers. */
    message: z.nullable(z.string()),
  }),
  provider: z.object({
    reachable: z.boolean(),
    tokenAccepted: z.nullable(z.boolean()), // null when the provider could not be asked
    tokenName: z.nullable(z.string()),
    permissions: z.array(z.string()),
    account: z.nullable(z.object({ email: z.nullable(z.string()), company: z.nullable(z.string()) })),
    error: z.nullable(z.string()),
    /**
     * The dashboard's circuit breaker in front of VPS.org, one for every instance (kept in the store):
     * `open` while it has stopped calling a provider that kept failing, `half_open` while one request
     * checks whether it is back. Absent while the store cannot be read, and from an older server.
     */
    circuit: z.optional(z.enum(["closed", "open", "half_open"])),
    /** When an open circuit lets the next request through (ISO 8601 UTC); null unless open. */
    retryAt: z.optional(z.nullable(z.string())),
  }),
  /**
   * The account watcher (one per deployment): whether an instance holds its lease, its latest poll,
   * the latest successful one and since when polls fail (ISO 8601 UTC, null: never / not failing).
   * Absent while the store cannot be read.
   */
  watcher: z.optional(
    z.object({
      watching: z.boolean(),
      polledAt: z.nullable(z.string()),
      confirmedAt: z.nullable(z.string()),
      failingSince: z.nullable(z.string()),
    }),
  ),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof healthSchema>;

/** What GET /api/live answers: the process answers HTTP. */
export const liveSchema = z.object({ status: z.literal("ok") });
