import { describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/audit/server/audit-log";
import {
  completeSetup,
  createSetupToken,
  ensureAdminFromEnv,
  hashSetupToken,
  prepareFirstRun,
  SetupError,
} from "@/lib/users/server/first-run";
import { disableUser, listUsers, SYSTEM, UserManagementError, changeRole } from "@/lib/users/server/users";
import { addTestUser, backends, PASSWORD, signIn, useStores } from "./helpers";

const bootstrapAdmin = { email: "boss@example.com", password: "bootstrap password 1" };
const firstAdmin = { email: "first@example.com", name: "First Admin", password: PASSWORD };

async function errorCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SetupError || error instanceof UserManagementError) return error.code;
    throw error;
  }
  return "no error";
}

describe.each(backends)("first run on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("does nothing without DASHBOARD_ADMIN_EMAIL", async () => {
    const store = await newStore();
    expect(await ensureAdminFromEnv(store)).toBe("not_configured");
    expect(await listUsers(store)).toEqual([]);
  });

  it("creates the admin named by the environment once, then leaves it alone", async () => {
    const store = await newStore({ config: { bootstrapAdmin } });
    expect(await ensureAdminFromEnv(store)).toBe("created");
    expect(await ensureAdminFromEnv(store)).toBe("unchanged");
    expect(await listUsers(store)).toMatchObject([{ email: "boss@example.com", role: "admin", disabled: false }]);
    expect((await signIn(store, bootstrapAdmin.email, bootstrapAdmin.password)).status).toBe(200);
    const { entries } = await queryAudit(store.db, { action: "user.create" });
    expect(entries).toMatchObject([{ actor: null, target: { userEmail: "boss@example.com" }, outcome: "success" }]);
  });

  it("makes an existing user of that email an enabled admin again, keeping their password", async () => {
    const store = await newStore({ config: { bootstrapAdmin } });
    const other = await addTestUser(store, "other@example.com", "admin");
    const boss = await addTestUser(store, "boss@example.com", "admin", PASSWORD);
    await changeRole(store, SYSTEM, boss.id, "viewer");
    await disableUser(store, SYSTEM, boss.id);
    expect(await ensureAdminFromEnv(store)).toBe("updated");
    expect((await listUsers(store)).find((user) => user.id === boss.id)).toMatchObject({
      role: "admin",
      disabled: false,
    });
    expect((await signIn(store, "boss@example.com", PASSWORD)).status).toBe(200);
    expect(other.role).toBe("admin");
  });

  it("copes with two instances ensuring the same admin at once", async () => {
    const store = await newStore({ config: { bootstrapAdmin } });
    const other = await secondInstance(store);
    const results = await Promise.all([ensureAdminFromEnv(store), ensureAdminFromEnv(other)]);
    expect(results.sort()).toEqual(["created", "unchanged"]);
    expect(await listUsers(store)).toHaveLength(1);
  });

  it("mints a setup link only while there are no users, storing only the token's hash", async () => {
    const store = await newStore();
    const first = await prepareFirstRun(store);
    expect(first.setupUrl).toMatch(/^http:\/\/localhost:3000\/setup\?token=[A-Za-z0-9_-]{43}$/);
    const token = new URL(first.setupUrl!).searchParams.get("token")!;
    const row = await store.db.selectFrom("setup_token").selectAll().executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(hashSetupToken(token));
    expect(JSON.stringify(row)).not.toContain(token);
    await addTestUser(store, "ada@example.com", "admin");
    expect(await createSetupToken(store)).toBeNull();
  });

  it("creates the first admin with the token, which then stops working", async () => {
    const store = await newStore();
    const { token } = (await createSetupToken(store))!;
    const admin = await completeSetup(store, token, firstAdmin, "192.0.2.3");
    expect(admin).toMatchObject({ email: "first@example.com", role: "admin" });
    expect((await signIn(store, firstAdmin.email, firstAdmin.password)).status).toBe(200);
    expect(await errorCode(completeSetup(store, token, { ...firstAdmin, email: "second@example.com" }))).toBe(
      "invalid_token",
    );
    expect(await createSetupToken(store)).toBeNull();
    const { entries } = await queryAudit(store.db, { action: "setup.complete" });
    expect(entries.map((entry) => [entry.outcome, entry.actor?.email ?? null, entry.ip])).toEqual([
      ["failure", null, null],
      ["success", "first@example.com", "192.0.2.3"],
    ]);
  });

  it("lets exactly one of several racing requests use the token", async () => {
    const store = await newStore();
    const { token } = (await createSetupToken(store))!;
    const results = await Promise.allSettled(
      Array.from({ length: 6 }, (_, i) =>
        completeSetup(store, token, { ...firstAdmin, email: `admin${i}@example.com` }),
      ),
    );
    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toMatchObject({ code: "invalid_token" });
    }
    expect(await listUsers(store)).toHaveLength(1);
  });

  it("refuses an expired token, a replaced one and a made-up one", async () => {
    const store = await newStore();
    const expired = (await createSetupToken(store, 60_000, new Date(Date.now() - 120_000)))!;
    expect(await errorCode(completeSetup(store, expired.token, firstAdmin))).toBe("invalid_token");
    const replaced = (await createSetupToken(store))!;
    const current = (await createSetupToken(store))!;
    expect(await errorCode(completeSetup(store, replaced.token, firstAdmin))).toBe("invalid_token");
    expect(await errorCode(completeSetup(store, "made-up", firstAdmin))).toBe("invalid_token");
    expect(await completeSetup(store, current.token, firstAdmin)).toMatchObject({ role: "admin" });
  });

  it("does not spend the token on invalid input", async () => {
    const store = await newStore();
    const { token } = (await createSetupToken(store))!;
    expect(await errorCode(completeSetup(store, token, { ...firstAdmin, password: "short" }))).toBe("invalid_input");
    expect(await errorCode(completeSetup(store, token, { ...firstAdmin, email: "not an email" }))).toBe(
      "invalid_input",
    );
    expect(await completeSetup(store, token, firstAdmin)).toMatchObject({ email: "first@example.com" });
  });
});
