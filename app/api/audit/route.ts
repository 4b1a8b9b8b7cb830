import { defineRoute, json } from "@/lib/api/route";
import { queryAudit } from "@/lib/audit/audit-log";
import { auditListQuerySchema, auditPageSchema, toAuditQuery } from "@/lib/audit/audit-schema";
import { getStore } from "@/lib/db/store";

// GET /api/audit?actor=&action=&server_id=&backup_id=&from=&to=&page=&page_size= – audit entries, newest first, a page at a time
export const GET = defineRoute({ permission: { audit: ["list"] }, query: auditListQuerySchema }, async ({ query }) => {
  return json(auditPageSchema, await queryAudit((await getStore()).db, toAuditQuery(query)));
});
