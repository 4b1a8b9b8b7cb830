import { ApiError } from "@/lib/http/server/api-error";
import { flushRefusals } from "@/lib/audit/server/refusals";
import { defineRoute } from "@/lib/api/route";
import { auditCsvColumnNames } from "@/lib/audit/server/audit-csv-columns";
import { exportAuditCsv } from "@/lib/audit/server/audit-log";
import { auditFiltersSchema } from "@/lib/audit/inputs";
import { toAuditQuery } from "@/lib/audit/server/audit-entry";
import { requestLocale } from "@/lib/i18n/server/request-locale";

// GET /api/audit/export?actor=&action=&outcome=&server_id=&backup_id=&from=&to= – every matching entry as a CSV download,
// the header row in the requester's language (the values stay as stored: ids, codes, ISO times)
export const GET = defineRoute(
  { permission: { audit: ["export"] }, query: auditFiltersSchema },
  async ({ request, store, session, query }) => {
    await flushRefusals(store.db);
    const locale = await requestLocale({ db: store.db, userId: session.user.id, headers: request.headers });
    const csv = await exportAuditCsv(store.db, toAuditQuery(query), auditCsvColumnNames(locale)).catch(
      (error: unknown) => {
        // Too many rows: the message says to narrow the date range.
        if (error instanceof RangeError) throw new ApiError("invalid_input", error.message, { cause: error });
        throw error;
      },
    );
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
