import { flushRefusals } from "@/lib/audit/server/refusals";
import { defineRoute, json } from "@/lib/api/route";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { auditListQuerySchema } from "@/lib/audit/inputs";
import { auditPageSchema } from "@/lib/audit/schemas";
import { toAuditQuery } from "@/lib/audit/server/audit-entry";

// GET /api/audit?actor=&action=&outcome=&server_id=&backup_id=&from=&to=&page=&page_size= – audit entries, newest first, a page at a time
export const GET = defineRoute(
  { permission: { audit: ["list"] }, query: auditListQuerySchema },
  async ({ store, query }) => {
    // The summaries of refusals in minutes that have closed are written before anyone reads the log.
    await flushRefusals(store.db);
    return json(auditPageSchema, await queryAudit(store.db, toAuditQuery(query)));
  },
);
