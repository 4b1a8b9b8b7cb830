import * as z from "zod/mini";

// Backup health as /api answers it (zod/mini: the browser reads it too). The states and what makes
// each are in ./health.ts; the freshness policies that set the threshold are in ./inputs.ts.

export const HEALTH_STATES = ["healthy", "late", "failing", "never", "unknown", "off"] as const;
export type HealthState = (typeof HEALTH_STATES)[number];

/** The threshold when nobody set another: a nightly backup with two hours' slack. */
export const DEFAULT_LATE_AFTER_HOURS = 26;
export const MIN_LATE_AFTER_HOURS = 1;
/** Thirty days: VPS.org keeps automatic backups at most that long. */
export const MAX_LATE_AFTER_HOURS = 720;

export const serverHealthSchema = z.object({
  state: z.enum(HEALTH_STATES),
  /** The threshold in force for this server (its own, else the one for all servers). */
  late_after_hours: z.int(),
  /** Whether this server's threshold is its own rather than the one for all servers. */
  own_policy: z.boolean(),
  /** The latest completed backup (any type): when it was made (ISO 8601 UTC) and its id. */
  latest_completed_at: z.nullable(z.string()),
  latest_completed_id: z.nullable(z.int()),
  /** When the latest finished backup failed (it was made then), while that is the state's reason. */
  failed_at: z.nullable(z.string()),
  failed_id: z.nullable(z.int()),
  /** Since when the server is late: its latest completed backup's time plus the threshold. */
  late_since: z.nullable(z.string()),
});
export type ServerHealth = z.infer<typeof serverHealthSchema>;

/** One freshness policy as GET /api/freshness-policy answers it. */
export const freshnessPolicySchema = z.object({
  /** Hours; null on a server's policy: it follows the one for all servers. */
  late_after_hours: z.nullable(z.int()),
  checks: z.boolean(),
  /** ISO 8601 UTC; null for the built-in default nobody changed. */
  updated_at: z.nullable(z.string()),
  updated_by: z.nullable(z.string()),
});
export type FreshnessPolicy = z.infer<typeof freshnessPolicySchema>;

export const freshnessPoliciesSchema = z.object({
  /** The policy for all servers (its threshold is never null). */
  all_servers: freshnessPolicySchema,
  /** The servers with a policy of their own. */
  servers: z.array(z.extend(freshnessPolicySchema, { server_id: z.int() })),
});
export type FreshnessPolicies = z.infer<typeof freshnessPoliciesSchema>;
