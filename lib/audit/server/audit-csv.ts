import type { AuditEntry } from "@/lib/audit/schemas";

// RFC 4180 CSV of audit entries, safe to open in a spreadsheet, as OWASP's CSV-injection guidance
// says: every field is quoted (inner quotes doubled), so a `;` or tab inside a value cannot split
// it into a new cell when the file is imported with another delimiter; and a value a spreadsheet
// could run as a formula is prefixed with `'`. That is one starting with = + - @ (also their
// full-width and other compatibility forms, and the minus sign, which some spreadsheets take for
// them), or with anything a spreadsheet may skip or trim before it looks: whitespace (space, TAB,
// CR, LF, no-break and other spaces), a control character (NUL…) or an invisible format character
// (BOM, zero-width and direction marks). The header names the columns in the reader's language
// (the "AuditCsv" messages; in English the column ids themselves, which need no quotes).

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
  "via_kind",
  "via_id",
  "via_name",
] as const;
export type AuditCsvColumn = (typeof AUDIT_CSV_COLUMNS)[number];

/** A column's name in the reader's language: a translator of the "AuditCsv" messages, keyed by column. */
export type AuditCsvColumnName = (column: AuditCsvColumn) => string;

const FORMULA_START = /^[=+\-@\u2212\p{White_Space}\p{Cc}\p{Cf}]/u;

/** Whether a spreadsheet could take this value for a formula (or skip to one). */
export function mayRunAsFormula(text: string): boolean {
  const first = text.codePointAt(0);
  if (first === undefined) return false;
  // The full-width, small, superscript and subscript forms (＝ ＋ － ＠ ﹦ ⁼ …) are = + - @ under NFKC.
  return FORMULA_START.test(text) || FORMULA_START.test(String.fromCodePoint(first).normalize("NFKC"));
}

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  let text = String(value);
  if (mayRunAsFormula(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
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
    entry.via?.kind,
    entry.via?.id,
    entry.via?.name,
  ]
    .map(csvCell)
    .join(",");
}

/** A header cell: bare when it is plain words (letters, digits, `_`, inner spaces), else quoted as any field. */
function headerCell(name: string): string {
  return /^[\p{L}\p{M}\p{N}_]+(?: [\p{L}\p{M}\p{N}_]+)*$/u.test(name) && !mayRunAsFormula(name) ? name : csvCell(name);
}

export function auditCsvHeader(columnName: AuditCsvColumnName): string {
  return AUDIT_CSV_COLUMNS.map((column) => headerCell(columnName(column))).join(",");
}

/** The whole document, CRLF line ends as RFC 4180 says. */
export function auditToCsv(entries: readonly AuditEntry[], columnName: AuditCsvColumnName): string {
  return [auditCsvHeader(columnName), ...entries.map(auditCsvRow)].join("\r\n") + "\r\n";
}
