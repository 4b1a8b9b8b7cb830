import { describe, expect, it } from "vitest";
import { auditToCsv, csvCell } from "@/lib/audit/server/audit-csv";
import { auditCsvColumnNames } from "@/lib/audit/server/audit-csv-columns";
import * as auditLog from "@/lib/audit/server/audit-log";
import { AuditWriteError, exportAuditCsv, lastActorsFor, queryAudit, recordAudit } from "@/lib/audit/server/audit-log";
import type { AuditEntryInput } from "@/lib/audit/server/audit-entry";
import { backends, useStores } from "./helpers";

const ada = { id: "u-ada", email: "Ada@Example.com" };
const bob = { id: "u-bob", email: "bob@example.com" };

const at = (iso: string) => new Date(iso);

/** Reads a CSV document back (RFC 4180), to check the quoting round-trips. */
function parseCsv(text: string): string[][] {
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
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      row.push(cell);
      cell = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = "";
      i++;
    } else {
      cell += c;
    }
  }
  return rows;
}

describe("audit CSV cells", () => {
  it("quotes every field: commas, quotes and line breaks, and plain text, numbers and empty cells too", () => {
    expect(csvCell("plain")).toBe('"plain"');
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(42)).toBe('"42"');
  });

  it("defuses what a spreadsheet would run as a formula", () => {
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvCell(`${start}SUM(A1)`)).toMatch(/^"'/);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("a=b")).toBe('"a=b"');
  });
});

describe.each(backends)("audit log on $name", (backend) => {
  const { newStore } = useStores(backend);

  async function seed(db: Parameters<typeof recordAudit>[0]) {
    const entries: Array<[string, AuditEntryInput]> = [
      [
        "2030-01-01T10:00:00.000Z",
        {
          actor: ada,
          action: "backup.create",
          target: { serverId: 101, serverName: "web-1", backupId: "9001", description: "before upgrade" },
          ip: "192.0.2.1",
          outcome: "success",
        },
      ],
      [
        "2030-01-02T10:00:00.000Z",
        {
          actor: bob,
          action: "backup.delete",
          target: { serverId: "101", backupId: 9001 },
          ip: "192.0.2.2",
          outcome: { code: "provider_refused", message: "Backup is in progress" },
        },
      ],
      [
        "2030-01-03T10:00:00.000Z",
        {
          actor: bob,
          action: "server.restore",
          target: { serverId: "202", serverName: "db-1", backupId: "9002" },
          ip: "192.0.2.2",
          outcome: "success",
        },
      ],
      [
        "2030-01-04T10:00:00.000Z",
        {
          actor: ada,
          action: "server.restore",
          target: { serverId: "101", backupId: "9001" },
          ip: "192.0.2.1",
          outcome: "success",
        },
      ],
      [
        "2030-01-05T10:00:00.000Z",
        {
          actor: null,
          action: "auth.sign_in_failed",
          target: { userEmail: "eve@example.com" },
          ip: "198.51.100.1",
          outcome: { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" },
        },
      ],
    ];
    for (const [time, entry] of entries) await recordAudit(db, entry, at(time));
  }

  it("writes an entry and reads it back as written", async () => {
    const store = await newStore();
    const written = await recordAudit(
      store.db,
      {
        actor: ada,
        action: "backup.create",
        target: { serverId: 101, serverName: "web-1", backupId: 9001, description: "nightly" },
        ip: "192.0.2.1",
        outcome: "success",
      },
      at("2030-01-01T10:00:00.000Z"),
    );
    expect(written).toEqual({
      id: expect.any(Number),
      createdAt: "2030-01-01T10:00:00.000Z",
      actor: { id: "u-ada", email: "ada@example.com" },
      action: "backup.create",
      target: {
        serverId: "101",
        serverName: "web-1",
        backupId: "9001",
        userId: null,
        userEmail: null,
        description: "nightly",
      },
      ip: "192.0.2.1",
      outcome: "success",
      error: null,
      via: null,
    });
    expect((await queryAudit(store.db)).entries).toEqual([written]);
  });

  it("keeps what an entry was done through (a schedule, set up by its actor) and reads it back", async () => {
    const store = await newStore();
    const written = await recordAudit(store.db, {
      actor: ada,
      action: "backup.create",
      target: { serverId: 101, backupId: 9005 },
      outcome: "success",
      via: { kind: "schedule", id: "7", name: "Nightly" },
    });
    expect(written.via).toEqual({ kind: "schedule", id: "7", name: "Nightly" });
    expect((await queryAudit(store.db)).entries).toEqual([written]);
    const actors = await lastActorsFor(store.db, [9005]);
    expect(actors.get("9005")?.created).toMatchObject({
      userId: "u-ada",
      via: { kind: "schedule", id: "7", name: "Nightly" },
    });
    const csv = parseCsv(await exportAuditCsv(store.db, {}, auditCsvColumnNames("en")));
    expect(csv[1]!.slice(-3)).toEqual(["schedule", "7", "Nightly"]);
  });

  it("writes a NUL character anyone may send as U+FFFD, which PostgreSQL's text can hold", async () => {
    const store = await newStore();
    const written = await recordAudit(store.db, {
      actor: ada,
      action: "backup.create",
      target: { serverId: 101, serverName: "web\u0000", description: "\u0000=1+1" },
      ip: "192.0.2.1",
      outcome: { code: "provider_refused", message: "no \u0000 here" },
    });
    expect(written).toMatchObject({
      target: { serverName: "web\uFFFD", description: "\uFFFD=1+1" },
      error: { message: "no \uFFFD here" },
    });
    expect((await queryAudit(store.db)).entries).toEqual([written]);
  });

  it("throws when the entry cannot be written, so the caller fails the request", async () => {
    const store = await newStore();
    await store.db.schema.alterTable("audit_log").renameTo("audit_log_gone").execute();
    await expect(
      recordAudit(store.db, { actor: ada, action: "backup.delete", outcome: "success" }),
    ).rejects.toBeInstanceOf(AuditWriteError);
  });

  it("refuses an entry that is not one of ours", async () => {
    const store = await newStore();
    // @ts-expect-error: not an audit action
    await expect(recordAudit(store.db, { actor: ada, action: "backup.steal", outcome: "success" })).rejects.toThrow();
    await expect(queryAudit(store.db)).resolves.toMatchObject({ total: 0 });
  });

  it("offers no way to edit or delete entries", () => {
    expect(Object.keys(auditLog).sort()).toEqual([
      "AuditWriteError",
      "MAX_AUDIT_EXPORT_ROWS",
      "OUTCOME_UNKNOWN_CODE",
      "exportAuditCsv",
      "lastActorsFor",
      "queryAudit",
      "recordAudit",
      "recordOutcome",
      "toAuditEntry",
    ]);
  });

  it("filters by actor (id or email), action, server, backup and date range, newest first", async () => {
    const store = await newStore();
    await seed(store.db);
    const ids = async (query: Parameters<typeof queryAudit>[1]) =>
      (await queryAudit(store.db, query)).entries.map((entry) => entry.createdAt.slice(8, 10));
    expect(await ids({})).toEqual(["05", "04", "03", "02", "01"]);
    expect(await ids({ actor: "u-ada" })).toEqual(["04", "01"]);
    expect(await ids({ actor: "ADA@example.com" })).toEqual(["04", "01"]);
    expect(await ids({ action: "server.restore" })).toEqual(["04", "03"]);
    expect(await ids({ action: ["backup.create", "backup.delete"] })).toEqual(["02", "01"]);
    expect(await ids({ serverId: 101 })).toEqual(["04", "02", "01"]);
    expect(await ids({ outcome: "failure" })).toEqual(["05", "02"]);
    expect(await ids({ outcome: "unknown" })).toEqual([]);
    expect(await ids({ backupId: "9002" })).toEqual(["03"]);
    expect(await ids({ from: "2030-01-02T10:00:00.000Z", to: "2030-01-04T10:00:00.000Z" })).toEqual(["03", "02"]);
    expect(await ids({ from: new Date("2030-01-04T00:00:00Z"), actor: "u-bob" })).toEqual([]);
  });

  it("pages, with the total", async () => {
    const store = await newStore();
    await seed(store.db);
    const second = await queryAudit(store.db, { page: 2, pageSize: 2 });
    expect(second).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(second.entries.map((entry) => entry.createdAt.slice(8, 10))).toEqual(["03", "02"]);
    expect((await queryAudit(store.db, { page: 3, pageSize: 2 })).entries).toHaveLength(1);
    await expect(queryAudit(store.db, { pageSize: 10_000 })).rejects.toThrow();
  });

  it("exports the filtered entries as CSV that reads back cell for cell", async () => {
    const store = await newStore();
    await seed(store.db);
    await recordAudit(
      store.db,
      {
        actor: bob,
        action: "backup.create",
        target: { serverId: "303", description: '=cmd|"/c calc"!A1, and "more"\nsecond line' },
        outcome: { code: "invalid_input", message: "-1 is not an id" },
      },
      at("2030-01-06T10:00:00.000Z"),
    );
    const csv = await exportAuditCsv(store.db, { action: "backup.create" }, auditCsvColumnNames("en"));
    const rows = parseCsv(csv);
    expect(rows[0]).toEqual([
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
    ]);
    expect(rows).toHaveLength(3);
    expect(rows[1]!.slice(1)).toEqual([
      "2030-01-06T10:00:00.000Z",
      "u-bob",
      "bob@example.com",
      "backup.create",
      "303",
      "",
      "",
      "",
      "",
      `'=cmd|"/c calc"!A1, and "more"\nsecond line`,
      "",
      "failure",
      "invalid_input",
      "'-1 is not an id",
      "",
      "",
      "",
    ]);
    expect(rows[2]!.slice(1, 8)).toEqual([
      "2030-01-01T10:00:00.000Z",
      "u-ada",
      "ada@example.com",
      "backup.create",
      "101",
      "web-1",
      "9001",
    ]);
    // The same rows as auditToCsv gives for the queried entries.
    const { entries } = await queryAudit(store.db, { action: "backup.create" });
    expect(csv).toBe(auditToCsv(entries, auditCsvColumnNames("en")));
  });

  it("tells who last created and restored each backup through the dashboard", async () => {
    const store = await newStore();
    await seed(store.db);
    const actors = await lastActorsFor(store.db, ["9001", 9002, "9003"]);
    expect(Object.fromEntries(actors)).toEqual({
      "9001": {
        created: { userId: "u-ada", email: "ada@example.com", at: "2030-01-01T10:00:00.000Z", via: null },
        restored: { userId: "u-ada", email: "ada@example.com", at: "2030-01-04T10:00:00.000Z", serverId: "101" },
      },
      "9002": {
        restored: { userId: "u-bob", email: "bob@example.com", at: "2030-01-03T10:00:00.000Z", serverId: "202" },
      },
    });
    expect(await lastActorsFor(store.db, [])).toEqual(new Map());
  });
});
