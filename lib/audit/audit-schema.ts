import * as z from "zod";
import { auditActions, auditOutcomes, type AuditOutcome } from "@/lib/audit/audit-actions";
import { idParamSchema } from "@/lib/http/ids";

// What the audit log records and how it is queried (the browser takes the action list from
// lib/audit/audit-actions.ts, without zod); reading and writing stay in lib/audit/audit-log.ts.

export { auditActions } from "@/lib/audit/audit-actions";

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
  /**
   * `attempt`: about to ask VPS.org (written first, so nothing is done unrecorded); then `success`
   * or the error's code and message in a second entry.
   */
  outcome: z.union([
    z.literal("success"),
    z.literal("attempt"),
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
  outcome: AuditOutcome;
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

// GET /api/audit and GET /api/audit/export: the query (snake_case, as the other routes), the answer.

const day = z.iso.date({ error: "must be a date (YYYY-MM-DD) or a time (ISO 8601 with a zone)" });
const instant = z.iso.datetime({ offset: true, error: "must be a date (YYYY-MM-DD) or a time (ISO 8601 with a zone)" });
const pageNumber = (label: string, max: number) =>
  z
    .string()
    .regex(/^[1-9][0-9]{0,5}$/, { error: `${label} must be a positive whole number` })
    .transform(Number)
    .refine((value) => value <= max, { error: `${label} must be at most ${max}` });

export const auditFiltersSchema = z.strictObject({
  /** A user id or an email address. */
  actor: z.string().trim().min(1).max(320).optional(),
  action: z.enum(auditActions, { error: `action must be one of ${auditActions.join(", ")}` }).optional(),
  server_id: idParamSchema("server_id").transform(String).optional(),
  backup_id: idParamSchema("backup_id").transform(String).optional(),
  /** Inclusive; a date is its first moment (UTC). */
  from: z.union([day, instant]).optional(),
  /** Inclusive for a date (the whole day, UTC), exclusive for a time. */
  to: z.union([day, instant]).optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditListQuerySchema = auditFiltersSchema.extend({
  page: pageNumber("page", 1_000_000).optional(),
  page_size: pageNumber("page_size", MAX_AUDIT_PAGE_SIZE).optional(),
});

const DAY_MS = 24 * 60 * 60 * 1000;

/** The API's query as lib/audit/audit-log.ts takes it. */
export function toAuditQuery(
  filters: AuditFilters & { page?: number; page_size?: number },
): AuditQuery & { from?: Date; to?: Date } {
  const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
  return {
    actor: filters.actor,
    action: filters.action,
    serverId: filters.server_id,
    backupId: filters.backup_id,
    from:
      filters.from === undefined
        ? undefined
        : new Date(isDay(filters.from) ? `${filters.from}T00:00:00Z` : filters.from),
    to:
      filters.to === undefined
        ? undefined
        : isDay(filters.to)
          ? new Date(Date.parse(`${filters.to}T00:00:00Z`) + DAY_MS)
          : new Date(filters.to),
    page: filters.page,
    pageSize: filters.page_size,
  };
}

export const auditEntrySchema = z.object({
  id: z.number().int(),
  createdAt: z.string(),
  actor: z.object({ id: z.string(), email: z.string() }).nullable(),
  action: z.string(),
  target: z.object({
    serverId: z.string().nullable(),
    serverName: z.string().nullable(),
    backupId: z.string().nullable(),
    userId: z.string().nullable(),
    userEmail: z.string().nullable(),
    description: z.string().nullable(),
  }),
  ip: z.string().nullable(),
  outcome: z.enum(auditOutcomes),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
});

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  total: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  pageSize: z.number().int().positive(),
});
