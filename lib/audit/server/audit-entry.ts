import "server-only";
import * as z from "zod";
import type { AuditFilters } from "@/lib/audit/inputs";
import { MAX_AUDIT_PAGE_SIZE, auditActions, auditOutcomes } from "@/lib/audit/schemas";

// What the audit log is asked to record, and how it is queried: the store's side (lib/audit/server/audit-log.ts).

export const auditActionSchema = z.enum(auditActions);

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
  /** Done through a schedule (the actor is who set it up) or an API key, named as it was then. */
  via: z
    .strictObject({
      kind: z.enum(["schedule", "api_key"]),
      id: id,
      name: z.string().max(255),
    })
    .nullable()
    .default(null),
  /**
   * `attempt`: about to ask VPS.org (written first, so nothing is done unrecorded); then `success`
   * or the error's code and message in a second entry. For an attempt interrupted before VPS.org
   * answered: `reconciled` when what it did was found afterwards, `{ unknown }` (why) when not.
   */
  outcome: z.union([
    z.literal("success"),
    z.literal("attempt"),
    z.literal("reconciled"),
    z.strictObject({ code: z.string().min(1).max(64), message: z.string().max(2000) }),
    z.strictObject({ unknown: z.string().min(1).max(2000) }),
  ]),
});
export type AuditEntryInput = z.input<typeof auditEntryInputSchema>;

export const auditQuerySchema = z.strictObject({
  /** A user id or an email address (case-insensitive). */
  actor: z.string().trim().min(1).max(320).optional(),
  action: z.union([auditActionSchema, z.array(auditActionSchema).min(1)]).optional(),
  outcome: z.enum(auditOutcomes).optional(),
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

export type AuditVia = { kind: "schedule" | "api_key"; id: string; name: string };

/** Who last created or restored a backup through the dashboard (from the audit log). */
export interface BackupActors {
  created?: { userId: string | null; email: string | null; at: string; via: AuditVia | null };
  restored?: { userId: string | null; email: string | null; at: string; serverId: string | null };
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The API's query as lib/audit/server/audit-log.ts takes it. */
export function toAuditQuery(
  filters: AuditFilters & { page?: number; page_size?: number },
): AuditQuery & { from?: Date; to?: Date } {
  const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value);
  return {
    actor: filters.actor,
    action: filters.action,
    outcome: filters.outcome,
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
