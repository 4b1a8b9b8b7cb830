import { describe, expect, it } from "vitest";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { flushRefusals } from "@/lib/audit/server/refusals";
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
        completeSetup(store, token, { ...firstAdmin, email: `admin${i}@example.com` }, `192.0.2.${20 + i}`),
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

  it("limits setup attempts per address, before it looks at the token, over every instance", async () => {
    const store = await newStore();
    const other = await secondInstance(store);
    const { token } = (await createSetupToken(store))!;
    for (let i = 0; i < 5; i++)
      expect(await errorCode(completeSetup(i % 2 ? store : other, `guess-${i}`, firstAdmin, "192.0.2.10"))).toBe(
        "invalid_token",
      );
    // The sixth attempt from that address is refused even with the right token, and says how long to wait.
    const refused = await completeSetup(store, token, firstAdmin, "192.0.2.10").catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SetupError);
    const apiError = (refused as SetupError).toApiError();
    expect(apiError).toMatchObject({ code: "rate_limited", status: 429 });
    expect(apiError.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(apiError.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(apiError.message).toMatch(/Too many setup attempts from your address: try again in \d+ s\./);
    // The token was not spent: from another address it still works.
    expect(await completeSetup(other, token, firstAdmin, "198.51.100.20")).toMatchObject({ role: "admin" });
    const failures = (await queryAudit(store.db, { action: "setup.complete" })).entries.filter(
      (entry) => entry.outcome === "failure",
    );
    // The five wrong tokens are one kind of refusal: the first is written, the other four counted.
    expect(failures.map((entry) => entry.error?.code).sort()).toEqual(["invalid_token", "rate_limited"]);
  });

  it("writes a bounded number of audit entries for a flood of wrong tokens", async () => {
    const store = await newStore();
    await createSetupToken(store);
    const roomy = { name: "setup", max: 1000, windowSeconds: 60 };
    const start = Date.now();
    for (let i = 0; i < 40; i++)
      await completeSetup(store, `guess-${i}`, firstAdmin, "203.0.113.30", roomy).catch(() => undefined);
    let entries = (await queryAudit(store.db, { action: "setup.complete" })).entries;
    // One as it came (or two, if the flood crossed a minute's end).
    expect(entries.length).toBeGreaterThanOrEqual(1);
    expect(entries.length).toBeLessThanOrEqual(2);
    expect(entries.at(-1)).toMatchObject({
      actor: null,
      ip: "203.0.113.30",
      target: { userEmail: firstAdmin.email },
      error: { code: "invalid_token", message: "Refused: The setup link is invalid, expired or already used." },
    });
    await flushRefusals(store.db, new Date(start + 120_000));
    entries = (await queryAudit(store.db, { action: "setup.complete" })).entries;
    const counted = entries.reduce((sum, entry) => {
      const more = /^(\d+) more refused setup attempts? like this/.exec(entry.error?.message ?? "");
      return sum + (more ? Number(more[1]) : 1);
    }, 0);
    expect(counted).toBe(40);
    expect(entries.length).toBeLessThanOrEqual(4);
  });
});
