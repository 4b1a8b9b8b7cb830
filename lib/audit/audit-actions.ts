// What the audit log records, as plain data: the audit page uses it in the browser (without zod).

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
] as const;

/** `attempt` is written before the dashboard asks VPS.org; `success` or `failure` after it answered. */
export const auditOutcomes = ["attempt", "success", "failure"] as const;
export type AuditOutcome = (typeof auditOutcomes)[number];
