import type { AuditEntry } from "@/lib/audit/schemas";

// RFC 4180 CSV of audit entries, safe to open in a spreadsheet: a cell that a spreadsheet would
// run as a formula (starting with = + - @, or a tab or carriage return) is prefixed with `'`.

export const AUDIT_CSV_COLUMNS = [
  "id",
  "time",
  "actor_id",
  "actor_email",
  "action",
  "server_id",
  "server_name",
  "backup_id",
  "target_user_id",
  "target_user_email",
  "description",
  "ip",
  "outcome",
  "error_code",
  "error_message",
] as const;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function auditCsvRow(entry: AuditEntry): string {
  return [
    entry.id,
    entry.createdAt,
    entry.actor?.id,
    entry.actor?.email,
    entry.action,
    entry.target.serverId,
    entry.target.serverName,
    entry.target.backupId,
    entry.target.userId,
    entry.target.userEmail,
    entry.target.description,
    entry.ip,
    entry.outcome,
    entry.error?.code,
    entry.error?.message,
  ]
    .map(csvCell)
    .join(",");
}

export function auditCsvHeader(): string {
  return AUDIT_CSV_COLUMNS.join(",");
}

/** The whole document, CRLF line ends as RFC 4180 says. */
export function auditToCsv(entries: readonly AuditEntry[]): string {
  return [auditCsvHeader(), ...entries.map(auditCsvRow)].join("\r\n") + "\r\n";
}
