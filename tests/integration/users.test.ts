import { afterAll, describe, expect, inject, it } from "vitest";
import { CANARIES } from "../canary";
import { withStore } from "../store-under-test";
import { ADMIN } from "./app-process";
import { addUser, api, apiAs, expectError, jsonRequest, seenResponses, signedInCookie, TEST_PASSWORD } from "./helpers";

// Managing users over HTTP (admins only): add, change role, disable and enable; the last admin stays.

afterAll(async () => {
  const hashes = (
    await withStore(inject("appDatabaseUrl"), (store) =>
      store.query<{ password: string }>("select password from account where password is not null"),
    )
  ).map((row) => row.password);
  expect(hashes.length).toBeGreaterThan(0);
  for (const response of seenResponses) {
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
    for (const hash of hashes) expect(response.body).not.toContain(hash);
  }
});

interface UserRow {
  id: string;
  email: string;
  role: string | null;
  disabled: boolean;
}

const users = async () => ((await api("/api/users")).body as { results: UserRow[] }).results;

describe("/api/users", () => {
  it("adds a user who can then sign in with the role given; the answer has no password or hash", async () => {
    const result = await api(
      "/api/users",
      jsonRequest("POST", {
        email: "Grace@Integration.Test",
        name: "Grace",
        password: TEST_PASSWORD,
        role: "operator",
      }),
    );
    expect(result.status, result.text).toBe(201);
    expect(Object.keys(result.body as object).sort()).toEqual(["createdAt", "disabled", "email", "id", "name", "role"]);
    expect(result.body).toMatchObject({
      email: "grace@integration.test",
      name: "Grace",
      role: "operator",
      disabled: false,
    });
    expect(result.text).not.toContain(TEST_PASSWORD);
    const cookie = await signedInCookie("grace@integration.test", TEST_PASSWORD);
    expect((await apiAs({ cookie }, "/api/backups", jsonRequest("POST", {}))).status).toBe(400); // operator: may create
    expect((await users()).map((user) => user.email)).toContain("grace@integration.test");
  });

  it("refuses an email that is taken (409) and a weak password (400)", async () => {
    const taken = expectError(
      await api(
        "/api/users",
        jsonRequest("POST", { email: ADMIN.email, name: "Again", password: TEST_PASSWORD, role: "viewer" }),
      ),
      "conflict",
      409,
    );
    expect(taken.message).toMatch(/already exists/);
    const weak = expectError(
      await api(
        "/api/users",
        jsonRequest("POST", { email: "weak@integration.test", name: "Weak", password: "short", role: "viewer" }),
      ),
      "invalid_input",
      400,
    );
    expect(weak.fields).toHaveProperty("password");
  });

  it("changes a role, which takes effect on the user's next request", async () => {
    const user = await addUser("viewer");
    const cookie = await signedInCookie(user.email, user.password);
    expectError(await apiAs({ cookie }, "/api/backups", jsonRequest("POST", {})), "forbidden", 403);
    expect((await api(`/api/users/${user.id}`, jsonRequest("PATCH", { role: "operator" }))).body).toMatchObject({
      role: "operator",
    });
    expect((await apiAs({ cookie }, "/api/backups", jsonRequest("POST", {}))).status).toBe(400);
  });

  it("keeps the last enabled admin: neither demoted nor disabled, with the reason", async () => {
    const admins = (await users()).filter((user) => user.role === "admin" && !user.disabled);
    const root = admins.find((user) => user.email === ADMIN.email)!;
    // Demote every other admin first, so that the environment's admin is the last one.
    for (const other of admins.filter((user) => user.id !== root.id)) {
      expect((await api(`/api/users/${other.id}`, jsonRequest("PATCH", { role: "operator" }))).status).toBe(200);
    }
    const demote = expectError(
      await api(`/api/users/${root.id}`, jsonRequest("PATCH", { role: "viewer" })),
      "conflict",
      409,
    );
    expect(demote.message).toBe("This is the last enabled admin: make another user an admin first.");
    const self = expectError(
      await api(`/api/users/${root.id}`, jsonRequest("PATCH", { disabled: true })),
      "conflict",
      409,
    );
    expect(self.message).toBe("You cannot disable your own account.");
    expect((await users()).find((user) => user.id === root.id)).toMatchObject({ role: "admin", disabled: false });
  });

  it("refuses one change mixing role and disabled, an unknown role and an unknown user", async () => {
    const user = await addUser("viewer");
    expectError(
      await api(`/api/users/${user.id}`, jsonRequest("PATCH", { role: "operator", disabled: true })),
      "invalid_input",
      400,
    );
    expectError(await api(`/api/users/${user.id}`, jsonRequest("PATCH", { role: "owner" })), "invalid_input", 400);
    expectError(await api("/api/users/no-such-user", jsonRequest("PATCH", { role: "viewer" })), "not_found", 404);
  });

  it("records every change in the audit log with the admin who made it", async () => {
    const user = await addUser("viewer", undefined, "audited");
    await api(`/api/users/${user.id}`, jsonRequest("PATCH", { role: "operator" }));
    await api(`/api/users/${user.id}`, jsonRequest("PATCH", { disabled: true }));
    const { entries } = (await apiAs("viewer", `/api/audit?page_size=10`)).body as {
      entries: {
        action: string;
        actor: { email: string } | null;
        target: { userEmail: string | null; description: string | null };
      }[];
    };
    const about = entries
      .filter((entry) => entry.target.userEmail === user.email)
      .map((entry) => [entry.action, entry.actor?.email, entry.target.description]);
    expect(about).toEqual([
      ["user.disable", ADMIN.email, "disabled"],
      ["user.role_change", ADMIN.email, "viewer → operator"],
      ["user.create", ADMIN.email, "role viewer"],
    ]);
  });
});
