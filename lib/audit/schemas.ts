import * as z from "zod/mini";

// What the audit log holds, as GET /api/audit answers it: the one definition, parsed by the route
// before it is sent and checked by the browser with the same schema (zod/mini). The query shapes are
// in ./inputs.ts; reading and writing the log in ./server/audit-log.ts.

export const auditActions = [
  "backup.create",
  "backup.delete",
  "server.restore",
  "auth.sign_in",
  "auth.sign_in_failed",
  "user.create",
  "user.role_change",
  "user.disable",
  "user.enable",
  "setup.complete",
  "health.policy_change",
  "notification.channel_create",
  "notification.channel_update",
  "notification.channel_delete",
  "notification.test",
  "notification.retry",
  "schedule.create",
  "schedule.update",
  "schedule.delete",
  "backup.protect",
  "backup.unprotect",
  "api_key.create",
  "api_key.revoke",
] as const;
export type AuditAction = (typeof auditActions)[number];

/**
 * `attempt` is written before the dashboard asks VPS.org; `success` or `failure` after it answered.
 * An attempt whose instance stopped before VPS.org answered gets `reconciled` when what it did is
 * found afterwards (by a retry with its Idempotency-Key, or by the account watcher), or `unknown` when
 * nothing tells within a while.
 */
export const auditOutcomes = ["attempt", "success", "failure", "reconciled", "unknown"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];

export const MAX_AUDIT_PAGE_SIZE = 500;

/** What an entry can name as its target. */
export const auditTargetFields = ["serverId", "serverName", "backupId", "userId", "userEmail", "description"] as const;
export type AuditTargetField = (typeof auditTargetFields)[number];

export const auditEntrySchema = z.object({
  id: z.int(),
  /** ISO 8601 UTC. */
  createdAt: z.string(),
  actor: z.nullable(z.object({ id: z.string(), email: z.string() })),
  action: z.string(),
  /** Each of auditTargetFields, null when the entry has none. */
  target: z.object(
    Object.fromEntries(auditTargetFields.map((field) => [field, z.nullable(z.string())])) as Record<
      AuditTargetField,
      z.ZodMiniNullable<z.ZodMiniString>
    >,
  ),
  ip: z.nullable(z.string()),
  /** Done through a schedule (the actor set it up) or an API key. */
  via: z.nullable(z.object({ kind: z.enum(["schedule", "api_key"]), id: z.string(), name: z.string() })),
  outcome: z.enum(auditOutcomes),
  error: z.nullable(z.object({ code: z.string(), message: z.string() })),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  total: z.int().check(z.nonnegative()),
  page: z.int().check(z.positive()),
  pageSize: z.int().check(z.positive()),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
