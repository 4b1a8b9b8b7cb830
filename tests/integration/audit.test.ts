import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { backupListSchema, createdBackupSchema, type ListedBackup } from "@/lib/backups/schemas";
import { CANARIES } from "../canary";
import { withStore } from "../store-under-test";
import {
  addFault,
  addUser,
  api,
  apiAs,
  clearFaults,
  clearRequestLog,
  expectError,
  jsonRequest,
  resetSimulator,
  seenResponses,
  serverWithRoom,
  signedInCookie,
  upstreamRequests,
} from "./helpers";

// Every create, delete and restore is on record, with who, what, from where and how it ended, before
// the answer leaves: an `attempt` entry before VPS.org is asked, the outcome after. A failed audit write
// fails the request, and VPS.org is not asked.

interface Entry {
  id: number;
  action: string;
  actor: { id: string; email: string } | null;
  target: { serverId: string | null; serverName: string | null; backupId: string | null; description: string | null };
  ip: string | null;
  outcome: "attempt" | "success" | "failure";
  error: { code: string; message: string } | null;
}

let operator: { email: string; cookie: string };
let admin: { email: string; cookie: string };
let serverId: number;

beforeAll(async () => {
  await resetSimulator();
  serverId = await serverWithRoom();
  const user = await addUser("operator", undefined, "auditor");
  operator = { email: user.email, cookie: await signedInCookie(user.email, user.password) };
  const otherAdmin = await addUser("admin", undefined, "restorer");
  admin = { email: otherAdmin.email, cookie: await signedInCookie(otherAdmin.email, otherAdmin.password) };
});

beforeEach(async () => {
  await clearRequestLog();
});

afterEach(async () => {
  await clearFaults();
});

afterAll(async () => {
  await resetSimulator();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

/** The newest entries of an action, newest first, read through the API as a viewer. */
async function entries(query: string): Promise<Entry[]> {
  const result = await apiAs("viewer", `/api/audit?${query}`);
  expect(result.status, result.text).toBe(200);
  return (result.body as { entries: Entry[] }).entries;
}

async function listed(id: number): Promise<ListedBackup | undefined> {
  return backupListSchema
    .parse((await apiAs("viewer", "/api/backups")).body)
    .results.find((backup) => backup.id === id);
}

/** Breaks the app's audit log for entries with this description, as a full disk or a lost database would. */
async function breakAuditWrites(description: string, outcome: "attempt" | "success") {
  const when = `new.description = '${description}' and new.outcome = '${outcome}'`;
  await withStore(inject("appDatabaseUrl"), async (store) => {
    if (store.kind === "sqlite") {
      await store.query(
        `create trigger break_audit before insert on audit_log when ${when} ` +
          `begin select raise(abort, 'disk I/O error (test)'); end`,
      );
      return;
    }
    await store.query(
      `create function break_audit() returns trigger language plpgsql as ` +
        `$$ begin raise exception 'disk I/O error (test)'; end $$`,
    );
    await store.query(
      `create trigger break_audit before insert on audit_log for each row when (${when}) execute function break_audit()`,
    );
  });
  return () =>
    withStore(inject("appDatabaseUrl"), async (store) => {
      if (store.kind === "sqlite") {
        await store.query("drop trigger break_audit");
        return;
      }
      await store.query("drop trigger break_audit on audit_log");
      await store.query("drop function break_audit()");
    });
}

describe("creating a backup", () => {
  it("records the attempt, then the success with the new backup, the actor and the address; the list says who made it", async () => {
    const result = await apiAs(
      operator,
      "/api/backups",
      jsonRequest("POST", { server_id: serverId, description: "audited create" }, { "X-Forwarded-For": "192.0.2.41" }),
    );
    expect(result.status, result.text).toBe(201);
    const created = createdBackupSchema.parse(result.body);
    expect(result.body).toMatchObject({ created_by: { email: operator.email } });

    const [outcome, attempt] = await entries(`action=backup.create&actor=${encodeURIComponent(operator.email)}`);
    expect(attempt).toMatchObject({
      actor: { email: operator.email },
      outcome: "attempt",
      ip: "192.0.2.41",
      target: { serverId: String(serverId), backupId: null, description: "audited create" },
    });
    expect(outcome).toMatchObject({
      actor: { email: operator.email },
      outcome: "success",
      error: null,
      ip: "192.0.2.41",
      target: {
        serverId: String(serverId),
        serverName: created.server.name,
        backupId: String(created.id),
        description: "audited create",
      },
    });
    expect(outcome!.id).toBeGreaterThan(attempt!.id);
    expect((await listed(created.id))?.created_by).toMatchObject({ email: operator.email });
  });

  it("records the provider's refusal with its code and message", async () => {
    const result = await apiAs(
      operator,
      "/api/backups",
      jsonRequest("POST", { server_id: 999999, description: "no such server" }),
    );
    expectError(result, "not_found", 404);
    const [outcome, attempt] = await entries(`action=backup.create&server_id=999999`);
    expect(attempt).toMatchObject({ outcome: "attempt", actor: { email: operator.email } });
    expect(outcome).toMatchObject({
      outcome: "failure",
      actor: { email: operator.email },
      error: { code: "not_found", message: expect.stringMatching(/VPS.org/) },
    });
  });

  it("records a provider failure (a 500) as a failure with its code and message", async () => {
    await addFault({ mode: "error", status: 500, method: "POST", path: "/backups/", times: 1 });
    expectError(
      await apiAs(
        operator,
        "/api/backups",
        jsonRequest("POST", { server_id: serverId, description: "provider fails" }),
      ),
      "provider_unavailable",
      502,
    );
    const [outcome] = await entries("action=backup.create");
    expect(outcome).toMatchObject({
      outcome: "failure",
      target: { description: "provider fails" },
      error: { code: "provider_unavailable", message: expect.stringMatching(/status 500/) },
    });
  });

  it("fails with 500 audit_write_failed, and VPS.org is never asked, when the attempt cannot be recorded", async () => {
    const repair = await breakAuditWrites("unrecordable", "attempt");
    try {
      const error = expectError(
        await apiAs(
          operator,
          "/api/backups",
          jsonRequest("POST", { server_id: serverId, description: "unrecordable" }),
        ),
        "audit_write_failed",
        500,
      );
      expect(error.message).toMatch(/nothing was done/);
    } finally {
      await repair();
    }
    expect((await upstreamRequests()).filter((request) => request.method === "POST")).toEqual([]);
  });

  it("fails with 500 saying the backup was started when its outcome cannot be recorded", async () => {
    const repair = await breakAuditWrites("outcome lost", "success");
    try {
      const error = expectError(
        await apiAs(
          operator,
          "/api/backups",
          jsonRequest("POST", { server_id: serverId, description: "outcome lost" }),
        ),
        "audit_write_failed",
        500,
      );
      expect(error.message).toMatch(/^The backup was started, but the audit log could not record it/);
    } finally {
      await repair();
    }
    const [attempt] = await entries("action=backup.create");
    expect(attempt).toMatchObject({ outcome: "attempt", target: { description: "outcome lost" } });
  });
});

describe("deleting a backup", () => {
  it("records who deleted which backup of which server, with its description", async () => {
    const created = createdBackupSchema.parse(
      (await api("/api/backups", jsonRequest("POST", { server_id: serverId, description: "to be deleted" }))).body,
    );
    expect((await apiAs(admin, `/api/backups/${created.id}`, { method: "DELETE" })).status).toBe(204);
    const [outcome, attempt] = await entries(`action=backup.delete&backup_id=${created.id}`);
    const target = {
      serverId: String(serverId),
      serverName: created.server.name,
      backupId: String(created.id),
      description: "to be deleted",
    };
    expect(attempt).toMatchObject({ outcome: "attempt", actor: { email: admin.email }, target });
    expect(outcome).toMatchObject({ outcome: "success", actor: { email: admin.email }, target });
  });

  it("records a refused delete with the provider's code", async () => {
    expectError(await apiAs(admin, "/api/backups/999999999", { method: "DELETE" }), "not_found", 404);
    const [outcome, attempt] = await entries("action=backup.delete&backup_id=999999999");
    expect(attempt).toMatchObject({ outcome: "attempt", target: { serverId: null } });
    expect(outcome).toMatchObject({ outcome: "failure", error: { code: "not_found" } });
  });
});

describe("restoring a server", () => {
  it("records who restored which server from which backup, and the list says who restored from it", async () => {
    const { results } = backupListSchema.parse((await api("/api/backups")).body);
    const backup = results.find((b) => b.status === "completed")!;
    expect(
      (await apiAs(admin, `/api/servers/${backup.server.id}/restore`, jsonRequest("POST", { backup_id: backup.id })))
        .status,
    ).toBe(200);
    const [outcome, attempt] = await entries(`action=server.restore&backup_id=${backup.id}`);
    const target = { serverId: String(backup.server.id), serverName: backup.server.name, backupId: String(backup.id) };
    expect(attempt).toMatchObject({ outcome: "attempt", actor: { email: admin.email }, target });
    expect(outcome).toMatchObject({ outcome: "success", actor: { email: admin.email }, target });
    expect((await listed(backup.id))?.restored_by).toMatchObject({ email: admin.email });
  });

  it("records the provider's refusal of a backup that belongs to another server", async () => {
    const { results } = backupListSchema.parse((await api("/api/backups")).body);
    const a = results.find((b) => b.status === "completed")!;
    const b = results.find((x) => x.server.id !== a.server.id)!;
    expectError(
      await apiAs(admin, `/api/servers/${b.server.id}/restore`, jsonRequest("POST", { backup_id: a.id })),
      "provider_refused",
      409,
    );
    const [outcome] = await entries(`action=server.restore&backup_id=${a.id}`);
    expect(outcome).toMatchObject({
      outcome: "failure",
      target: { serverId: String(b.server.id) },
      error: { code: "provider_refused" },
    });
  });
});

describe("reading the log", () => {
  it("filters, pages, and exports CSV with a file name; no route edits or deletes an entry", async () => {
    const page = await apiAs("viewer", "/api/audit?action=backup.create&page=1&page_size=2");
    expect(page.body).toMatchObject({ page: 1, pageSize: 2, total: expect.any(Number) });
    expect((page.body as { entries: unknown[] }).entries).toHaveLength(2);
    expectError(await apiAs("viewer", "/api/audit?action=backup.steal"), "invalid_input", 400);
    expectError(await apiAs("viewer", "/api/audit?from=yesterday"), "invalid_input", 400);

    const csv = await apiAs("viewer", "/api/audit/export?action=backup.create");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.text.split("\r\n")[0]).toMatch(/^id,time,actor_id,actor_email,action,/);
    expect(csv.text).toContain(operator.email);

    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      expect((await api("/api/audit", { method })).status).toBe(405);
    }
  });

  it("takes dates as whole days", async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect(
      ((await apiAs("viewer", `/api/audit?from=${today}&to=${today}`)).body as { total: number }).total,
    ).toBeGreaterThan(0);
    expect(((await apiAs("viewer", `/api/audit?to=2000-01-01`)).body as { total: number }).total).toBe(0);
  });
});
