import "server-only";
import { createTranslator } from "next-intl";
import type { AuditCsvColumnName } from "@/lib/audit/server/audit-csv";
import type { Locale } from "@/lib/i18n/locales";
import en from "@/messages/en.json";
import vi from "@/messages/vi.json";

// The export is a download, not a render: no request configuration to lean on, so the header is
// named from the catalog of the requester's language itself (precompiled by the next-intl plugin
// in a build, as every import of messages/ is).
const catalogs: Record<Locale, typeof en> = { en, vi };

/** The CSV columns' names in `locale` (the "AuditCsv" messages). */
export function auditCsvColumnNames(locale: Locale): AuditCsvColumnName {
  const t = createTranslator({ locale, messages: catalogs[locale], namespace: "AuditCsv" });
  return (column) => t(column);
}
