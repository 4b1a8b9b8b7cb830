import * as z from "zod";
import { MAX_AUDIT_PAGE_SIZE, auditActions, auditOutcomes } from "@/lib/audit/schemas";
import { idParamSchema } from "@/lib/http/ids";

// GET /api/audit and GET /api/audit/export: the query (snake_case, as the other routes), the one
// definition of each (full zod, parsed on the server; the browser builds the query string itself).

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
  /** E.g. `unknown`: the interrupted attempts to check at VPS.org. */
  outcome: z.enum(auditOutcomes, { error: `outcome must be one of ${auditOutcomes.join(", ")}` }).optional(),
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
