import * as z from "zod";

// What the audit log records and how it is queried. No `server-only`: the audit page may use the
// action list and the entry type; reading and writing stay in lib/audit/audit-log.ts.

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

export const auditActionSchema = z.enum(auditActions);
export type AuditAction = z.infer<typeof auditActionSchema>;

const id = z.union([z.string().trim().min(1).max(64), z.number().int().nonnegative()]).transform(String);

export const auditActorSchema = z.object({ id: z.string().min(1).max(128), email: z.string().max(320) });
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditEntryInputSchema = z.strictObject({
  /** Who did it; null for the system (start-up) and for failed sign-ins by an unknown person. */
  actor: auditActorSchema.nullable(),
  action: auditActionSchema,
  target: z
    .strictObject({
      serverId: id.optional(),
      serverName: z.string().max(255).optional(),
      backupId: id.optional(),
      userId: z.string().max(128).optional(),
      userEmail: z.string().max(320).optional(),
      description: z.string().max(1000).optional(),
    })
    .default({}),
  ip: z.string().max(64).nullable().default(null),
  outcome: z.union([
    z.literal("success"),
    z.strictObject({ code: z.string().min(1).max(64), message: z.string().max(2000) }),
  ]),
});
export type AuditEntryInput = z.input<typeof auditEntryInputSchema>;

export interface AuditEntry {
  id: number;
  /** ISO 8601 UTC. */
  createdAt: string;
  actor: AuditActor | null;
  action: string;
  target: {
    serverId: string | null;
    serverName: string | null;
    backupId: string | null;
    userId: string | null;
    userEmail: string | null;
    description: string | null;
  };
  ip: string | null;
  outcome: "success" | "failure";
  error: { code: string; message: string } | null;
}

export const MAX_AUDIT_PAGE_SIZE = 500;

export const auditQuerySchema = z.strictObject({
  /** A user id or an email address (case-insensitive). */
  actor: z.string().trim().min(1).max(320).optional(),
  action: z.union([auditActionSchema, z.array(auditActionSchema).min(1)]).optional(),
  serverId: id.optional(),
  backupId: id.optional(),
  /** Inclusive. */
  from: z.coerce.date().optional(),
  /** Exclusive. */
  to: z.coerce.date().optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE_SIZE).default(50),
});
export type AuditQuery = z.input<typeof auditQuerySchema>;

export interface AuditPage {
  entries: AuditEntry[];
  total: number;
  page: number;
  pageSize: number;
}

/** Who last created or restored a backup through the dashboard (from the audit log). */
export interface BackupActors {
  created?: { userId: string | null; email: string | null; at: string };
  restored?: { userId: string | null; email: string | null; at: string; serverId: string | null };
}
