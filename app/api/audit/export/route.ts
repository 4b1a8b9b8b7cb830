import { ApiError } from "@/lib/http/server/api-error";
import { flushRefusals } from "@/lib/audit/server/refusals";
import { defineRoute } from "@/lib/api/route";
import { exportAuditCsv } from "@/lib/audit/server/audit-log";
import { auditFiltersSchema } from "@/lib/audit/inputs";
import { toAuditQuery } from "@/lib/audit/server/audit-entry";

// GET /api/audit/export?actor=&action=&outcome=&server_id=&backup_id=&from=&to= – every matching entry as a CSV download
export const GET = defineRoute(
  { permission: { audit: ["export"] }, query: auditFiltersSchema },
  async ({ store, query }) => {
    await flushRefusals(store.db);
    const csv = await exportAuditCsv(store.db, toAuditQuery(query)).catch((error: unknown) => {
      // Too many rows: the message says to narrow the date range.
      if (error instanceof RangeError) throw new ApiError("invalid_input", error.message, { cause: error });
      throw error;
    });
    const filename = `audit-log-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(csv, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="${filename}"`,
        "Cache-Control": "no-store",
      },
    });
  },
);
