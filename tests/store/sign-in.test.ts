import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/server/client-address";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { getCurrentSession } from "@/lib/auth/server/session";
import { disableUser, enableUser, SYSTEM } from "@/lib/users/server/users";
import { addTestUser, backends, cookieFrom, headersFrom, PASSWORD, signIn, useStores } from "./helpers";

describe.each(backends)("sign-in on $name", (backend) => {
  const { newStore } = useStores(backend);

  it("signs in with the right password and sets an httpOnly, SameSite=Lax session cookie", async () => {
    const store = await newStore();
    const user = await addTestUser(store, "ada@example.com", "operator");
    const response = await signIn(store, "ADA@example.com");
    expect(response.status).toBe(200);
    const [cookie] = response.headers.getSetCookie();
    expect(cookie).toMatch(/^vpsdash\.session_token=/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).not.toMatch(/; Secure/);
    expect(cookie).toMatch(/; Max-Age=604800/);
    const session = await getCurrentSession(store, headersFrom("203.0.113.10", cookieFrom(response)));
    expect(session?.user).toEqual({ id: user.id, email: "ada@example.com", name: "ada", role: "operator" });
  });

  it("marks the cookie Secure (with the __Secure- prefix) when the base URL is https", async () => {
    const store = await newStore({ config: { baseURL: "https://dashboard.example.com", secureCookies: true } });
    await addTestUser(store, "ada@example.com");
    const [cookie] = (await signIn(store, "ada@example.com")).headers.getSetCookie();
    expect(cookie).toMatch(/^__Secure-vpsdash\.session_token=.*; Secure/);
    expect(cookie).toMatch(/; HttpOnly.*; SameSite=Lax|; SameSite=Lax.*; HttpOnly/);
  });

  it("refuses a wrong password and an unknown email with the same answer", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    const wrong = await signIn(store, "ada@example.com", "not the password at all");
    const unknown = await signIn(store, "nobody@example.com", PASSWORD);
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.json()).toEqual(await unknown.json());
    expect(wrong.headers.getSetCookie()).toEqual([]);
  });

  it("refuses sign-up: only admins add users", async () => {
    const store = await newStore();
    await expect(
      store.auth.api.signUpEmail({ body: { email: "eve@example.com", password: PASSWORD, name: "Eve" } }),
    ).rejects.toMatchObject({ body: { code: "EMAIL_PASSWORD_SIGN_UP_DISABLED" } });
    expect(await store.db.selectFrom("user").select("id").execute()).toEqual([]);
  });

  it("serves sign-in over HTTP through the handler the route files use", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    const response = await store.auth.handler(
      new Request("http://localhost:3000/api/auth/sign-in/email", {
        method: "POST",
        headers: {
          "content-type": "application/json",
          origin: "http://localhost:3000",
          [CLIENT_ADDRESS_HEADER]: "198.51.100.7",
        },
        body: JSON.stringify({ email: "ada@example.com", password: PASSWORD }),
      }),
    );
    expect(response.status).toBe(200);
    const session = await store.auth.handler(
      new Request("http://localhost:3000/api/auth/get-session", { headers: { cookie: cookieFrom(response) } }),
    );
    expect(await session.json()).toMatchObject({ user: { email: "ada@example.com", role: "viewer" } });
  });

  it("signs out: the session stops working at once", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    const cookie = cookieFrom(await signIn(store, "ada@example.com"));
    const signOut = await store.auth.api.signOut({ headers: headersFrom("203.0.113.10", cookie), asResponse: true });
    expect(signOut.status).toBe(200);
    expect(signOut.headers.getSetCookie().join()).toMatch(/vpsdash\.session_token=;.*Max-Age=0/);
    expect(await getCurrentSession(store, headersFrom("203.0.113.10", cookie))).toBeNull();
  });

  it("gives sessions the configured lifetime and refuses one past its expiry", async () => {
    const store = await newStore({ config: { sessionTtlSeconds: 120 } });
    const user = await addTestUser(store, "ada@example.com");
    const response = await signIn(store, "ada@example.com");
    expect(response.headers.getSetCookie()[0]).toMatch(/; Max-Age=120/);
    const cookie = cookieFrom(response);
    const session = await getCurrentSession(store, headersFrom("203.0.113.10", cookie));
    const lifetime = new Date(session!.expiresAt).getTime() - Date.now();
    expect(lifetime).toBeGreaterThan(110_000);
    expect(lifetime).toBeLessThanOrEqual(120_000);
    // As if two minutes had passed.
    await store.db
      .updateTable("session")
      .set({ expiresAt: new Date(Date.now() - 1000).toISOString() })
      .where("userId", "=", user.id)
      .execute();
    expect(await getCurrentSession(store, headersFrom("203.0.113.10", cookie))).toBeNull();
  });

  it("ends every session of a user who is disabled, at once, and refuses their sign-in until enabled", async () => {
    const store = await newStore();
    const user = await addTestUser(store, "ada@example.com");
    const first = cookieFrom(await signIn(store, "ada@example.com"));
    const second = cookieFrom(await signIn(store, "ada@example.com", PASSWORD, "198.51.100.8"));
    await disableUser(store, SYSTEM, user.id);
    expect(await getCurrentSession(store, headersFrom("203.0.113.10", first))).toBeNull();
    expect(await getCurrentSession(store, headersFrom("198.51.100.8", second))).toBeNull();
    // Answered exactly as a wrong password, so the right one is not confirmed (hardening #11).
    const refused = await signIn(store, "ada@example.com");
    const wrong = await signIn(store, "ada@example.com", "not the password at all");
    expect(refused.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(await refused.json()).toEqual(await wrong.json());
    await enableUser(store, SYSTEM, user.id);
    expect((await signIn(store, "ada@example.com")).status).toBe(200);
  });

  it("records sign-ins and failed sign-ins in the audit log, with the IP", async () => {
    const store = await newStore();
    const user = await addTestUser(store, "ada@example.com");
    await signIn(store, "ada@example.com", "not the password at all", "198.51.100.9");
    await signIn(store, "ada@example.com", PASSWORD, "198.51.100.9");
    const { entries } = await queryAudit(store.db, { action: ["auth.sign_in", "auth.sign_in_failed"] });
    expect(
      entries.map(({ action, actor, target, ip, outcome, error }) => ({
        action,
        actor,
        email: target.userEmail,
        ip,
        outcome,
        code: error?.code,
      })),
    ).toEqual([
      {
        action: "auth.sign_in",
        actor: { id: user.id, email: "ada@example.com" },
        email: "ada@example.com",
        ip: "198.51.100.9",
        outcome: "success",
        code: undefined,
      },
      {
        action: "auth.sign_in_failed",
        actor: null,
        email: "ada@example.com",
        ip: "198.51.100.9",
        outcome: "failure",
        code: "INVALID_EMAIL_OR_PASSWORD",
      },
    ]);
  });

  it("fails the sign-in loudly when its audit entry cannot be written", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    await store.db.schema.alterTable("audit_log").renameTo("audit_log_gone").execute();
    await expect(signIn(store, "ada@example.com")).rejects.toThrow(/audit log could not be written/);
  });
});
