import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/audit/server/audit-log";
import {
  addUser,
  changeRole,
  disableUser,
  enableUser,
  listUsers,
  SYSTEM,
  UserManagementError,
  type ActingAs,
} from "@/lib/users/server/users";
import { addTestUser, backends, PASSWORD, signIn, useStores } from "./helpers";

const as = (user: { id: string; email: string }): ActingAs => ({
  actor: { id: user.id, email: user.email },
  ip: "192.0.2.44",
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UserManagementError) return error.code;
    throw error;
  }
  return "no error";
}

describe.each(backends)("users on $name", (backend) => {
  const { newStore } = useStores(backend);

  it("adds a user who can then sign in with that password and role", async () => {
    const store = await newStore();
    const admin = await addTestUser(store, "root@example.com", "admin");
    const user = await addUser(store, as(admin), {
      email: "Ada@Example.com",
      name: "Ada",
      password: PASSWORD,
      role: "operator",
    });
    expect(user).toMatchObject({ email: "ada@example.com", name: "Ada", role: "operator", disabled: false });
    expect((await signIn(store, "ada@example.com")).status).toBe(200);
    const { entries } = await queryAudit(store.db, { action: "user.create", actor: admin.id });
    expect(entries).toMatchObject([
      {
        ip: "192.0.2.44",
        outcome: "success",
        target: { userId: user.id, userEmail: "ada@example.com", description: "role operator" },
      },
    ]);
  });

  it("stores only a slow hash of the password", async () => {
    const store = await newStore();
    const user = await addTestUser(store, "ada@example.com");
    const { rows } = await sql<{
      password: string;
    }>`select "password" from "account" where "userId" = ${user.id}`.execute(store.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.password).not.toContain(PASSWORD);
    // Better Auth's scrypt format: salt:key, both hex.
    expect(rows[0]!.password).toMatch(/^[0-9a-f]{32}:[0-9a-f]{128}$/);
  });

  it("refuses a second user with the same email, a short password and an unknown role, and records why", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    expect(await codeOf(addTestUser(store, "ADA@example.com"))).toBe("email_taken");
    expect(await codeOf(addTestUser(store, "bob@example.com", "viewer", "short"))).toBe("invalid_input");
    // @ts-expect-error: not a role
    expect(await codeOf(addTestUser(store, "bob@example.com", "root"))).toBe("invalid_input");
    expect((await listUsers(store)).map((user) => user.email)).toEqual(["ada@example.com"]);
    const { entries } = await queryAudit(store.db, { action: "user.create" });
    expect(entries.map((entry) => entry.error?.code ?? entry.outcome)).toEqual([
      "invalid_input",
      "invalid_input",
      "email_taken",
      "success",
    ]);
  });

  it("changes a role and records from what to what", async () => {
    const store = await newStore();
    const admin = await addTestUser(store, "root@example.com", "admin");
    const ada = await addTestUser(store, "ada@example.com");
    expect(await changeRole(store, as(admin), ada.id, "operator")).toMatchObject({ role: "operator" });
    const { entries } = await queryAudit(store.db, { action: "user.role_change" });
    expect(entries).toMatchObject([
      { actor: { id: admin.id }, target: { userId: ada.id, description: "viewer → operator" }, outcome: "success" },
    ]);
    expect(await codeOf(changeRole(store, as(admin), "no-such-user", "admin"))).toBe("not_found");
  });

  it("refuses to demote or disable the last enabled admin", async () => {
    const store = await newStore();
    const root = await addTestUser(store, "root@example.com", "admin");
    const ops = await addTestUser(store, "ops@example.com", "admin");
    await disableUser(store, as(root), ops.id);
    // A disabled admin does not count.
    expect(await codeOf(changeRole(store, SYSTEM, root.id, "operator"))).toBe("last_admin");
    expect(await codeOf(disableUser(store, SYSTEM, root.id))).toBe("last_admin");
    expect((await listUsers(store)).find((user) => user.id === root.id)).toMatchObject({
      role: "admin",
      disabled: false,
    });
    await enableUser(store, as(root), ops.id);
    expect(await changeRole(store, as(ops), root.id, "viewer")).toMatchObject({ role: "viewer" });
    const refusals = await queryAudit(store.db, { action: ["user.role_change", "user.disable"] });
    expect(refusals.entries.filter((entry) => entry.outcome === "failure").map((entry) => entry.error?.code)).toEqual([
      "last_admin",
      "last_admin",
    ]);
  });

  it("leaves one admin when two admins demote each other at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const store = await newStore();
      const a = await addTestUser(store, "a@example.com", "admin");
      const b = await addTestUser(store, "b@example.com", "admin");
      const results = await Promise.allSettled([
        changeRole(store, as(a), b.id, "viewer"),
        changeRole(store, as(b), a.id, "viewer"),
      ]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      const admins = (await listUsers(store)).filter((user) => user.role === "admin" && !user.disabled);
      expect(admins).toHaveLength(1);
    }
  });

  it("leaves one admin when two admins disable each other at the same moment", async () => {
    for (let round = 0; round < 5; round++) {
      const store = await newStore();
      const a = await addTestUser(store, "a@example.com", "admin");
      const b = await addTestUser(store, "b@example.com", "admin");
      const results = await Promise.allSettled([disableUser(store, as(a), b.id), disableUser(store, as(b), a.id)]);
      expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
      const admins = (await listUsers(store)).filter((user) => user.role === "admin" && !user.disabled);
      expect(admins).toHaveLength(1);
    }
  });

  it("refuses to let an admin disable themselves", async () => {
    const store = await newStore();
    const root = await addTestUser(store, "root@example.com", "admin");
    await addTestUser(store, "ops@example.com", "admin");
    expect(await codeOf(disableUser(store, as(root), root.id))).toBe("cannot_disable_self");
  });

  it("disables and enables, recording each; doing it twice changes nothing", async () => {
    const store = await newStore();
    const root = await addTestUser(store, "root@example.com", "admin");
    const ada = await addTestUser(store, "ada@example.com");
    expect(await disableUser(store, as(root), ada.id, "left the team")).toMatchObject({ disabled: true });
    expect(await disableUser(store, as(root), ada.id)).toMatchObject({ disabled: true });
    expect(await enableUser(store, as(root), ada.id)).toMatchObject({ disabled: false });
    const { entries } = await queryAudit(store.db, { action: ["user.disable", "user.enable"] });
    expect(entries.map((entry) => [entry.action, entry.target.description])).toEqual([
      ["user.enable", "enabled"],
      ["user.disable", "disabled: left the team"],
    ]);
  });
});
