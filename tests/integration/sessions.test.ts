import { afterAll, describe, expect, inject, it } from "vitest";
import { CANARIES } from "../canary";
import { withStore, type StoreClient } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import { SSO_IDENTITY } from "./global-setup";
import {
  addUser,
  api,
  apiAs,
  appUrl,
  cookieFrom,
  expectError,
  jsonRequest,
  seenResponses,
  send,
  signIn,
  signedInCookie,
  TEST_PASSWORD,
} from "./helpers";
import { linesOf } from "../log-lines";

// Signing in and out over HTTP: the rate limit, the end of a session (expiry, sign-out, disabled
// user), single sign-on, and the one-time setup link of a first run.

const others: AppProcess[] = [];

afterAll(async () => {
  await Promise.all(others.map((app) => app.stop()));
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

/** The app's own store, opened beside it: to age a session as time would. */
function withAppDatabase<T>(work: (store: StoreClient) => Promise<T>): Promise<T> {
  return withStore(inject("appDatabaseUrl"), work);
}

function sessionToken(cookie: string): string {
  const value = /session_token=([^;]+)/.exec(cookie)?.[1];
  return decodeURIComponent(value ?? "").split(".")[0]!;
}

describe("signing in", () => {
  it("sets an httpOnly, SameSite=Lax session cookie and answers with the user, never a password hash", async () => {
    const result = await signIn(ADMIN.email, ADMIN.password);
    expect(result.status).toBe(200);
    const [cookie] = result.headers.getSetCookie();
    expect(cookie).toMatch(/^vpsdash\.session_token=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(result.body).toMatchObject({ user: { email: ADMIN.email, role: "admin" } });
    const [hash] = await withAppDatabase((store) =>
      store.query<{ password: string }>("select password from account where password is not null limit 1"),
    );
    expect(result.text).not.toContain(hash!.password);
  });

  it("refuses a wrong password with Better Auth's message", async () => {
    const result = await signIn(ADMIN.email, "not the password at all", { ip: "198.51.100.20" });
    expect(result.status).toBe(401);
    expect(result.body).toMatchObject({ code: "INVALID_EMAIL_OR_PASSWORD" });
    expect(cookieFrom(result)).toBe("");
  });

  it("is rate-limited per account and address over HTTP: the 6th attempt in a minute is a 429 that says how long to wait", async () => {
    const email = "rate-limited@integration.test";
    for (let i = 1; i <= 5; i++)
      expect((await signIn(email, "wrong password, again", { ip: "198.51.100.31" })).status).toBe(401);
    const refused = await signIn(email, "wrong password, again", { ip: "198.51.100.31" });
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ code: "SIGN_IN_RATE_LIMITED" });
    expect((refused.body as { message: string }).message).toMatch(
      /^Too many sign-in attempts for this account\. Try again in \d+ seconds?\.$/,
    );
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(50);
    expect(retryAfter).toBeLessThanOrEqual(60);
  });

  it("does not let an attacker at another address lock the owner out: 50 wrong passwords, then the owner signs in", async () => {
    const owner = await addUser("admin", undefined, "owner");
    const statuses: number[] = [];
    for (let i = 1; i <= 50; i++)
      statuses.push((await signIn(owner.email, "a wrong guess", { ip: "203.0.113.150" })).status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(5);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    expect((await signIn(owner.email, owner.password, { ip: "198.51.100.151" })).status).toBe(200);
  });

  it("meets guessing from many addresses with a per-account ceiling whose waits grow; the owner's usual address is spared", async () => {
    const owner = await addUser("viewer", undefined, "ceiling");
    expect((await signIn(owner.email, owner.password, { ip: "192.0.2.160" })).status).toBe(200);
    let address = 0;
    const guess = () => signIn(owner.email, "a wrong guess", { ip: `198.18.0.${++address}` });
    for (let i = 1; i <= 10; i++) expect((await guess()).status).toBe(401);
    const waits: number[] = [];
    for (let tries = 0; waits.length < 3 && tries < 20; tries++) {
      const result = await guess();
      if (result.status === 401) continue;
      expect(result.status).toBe(429);
      expect((result.body as { message: string }).message).toMatch(
        /^Too many failed sign-ins for this account lately, from several addresses\. Try again in \d+ seconds?\.$/,
      );
      const wait = Number(result.headers.get("retry-after"));
      waits.push(wait);
      if (waits.length < 3) await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    }
    expect(waits).toHaveLength(3);
    expect(waits[1]).toBeGreaterThan(waits[0]!);
    expect(waits[2]).toBeGreaterThan(waits[1]!);
    // A stranger's right password is refused too (nothing tells a guess that it was right) …
    expect((await signIn(owner.email, owner.password, { ip: "203.0.113.161" })).status).toBe(429);
    // … but the owner, where they signed in before, is not slowed.
    expect((await signIn(owner.email, owner.password, { ip: "192.0.2.160" })).status).toBe(200);
  });

  it("is rate-limited per address: the 6th failure from one IP is refused even for the right password", async () => {
    const ip = "203.0.113.77";
    for (let i = 1; i <= 5; i++)
      expect((await signIn(`guess-${i}@integration.test`, "wrong password, again", { ip })).status).toBe(401);
    const refused = await signIn(ADMIN.email, ADMIN.password, { ip });
    expect(refused.status).toBe(429);
    expect((refused.body as { message: string }).message).toMatch(/from this address/);
    expect((await signIn(ADMIN.email, ADMIN.password, { ip: "203.0.113.78" })).status).toBe(200);
  });
});

describe("the end of a session", () => {
  it("an expired session is answered 401, on the API and by a redirect on the page", async () => {
    const user = await addUser("viewer");
    const cookie = await signedInCookie(user.email, user.password);
    expect((await apiAs({ cookie }, "/api/backups")).status).toBe(200);
    await withAppDatabase((store) =>
      store.query(`update session set "expiresAt" = ? where token = ?`, [
        new Date(Date.now() - 1000).toISOString(),
        sessionToken(cookie),
      ]),
    );
    expectError(await apiAs({ cookie }, "/api/backups"), "unauthenticated", 401);
    const page = await apiAs({ cookie }, "/", { redirect: "manual" });
    expect(page.status).toBe(307);
    expect(page.headers.get("location")).toMatch(/\/sign-in/);
  });

  it("signing out ends the session at once", async () => {
    const user = await addUser("operator");
    const cookie = await signedInCookie(user.email, user.password);
    const out = await send(
      `${appUrl()}/api/auth/sign-out`,
      jsonRequest("POST", {}, { Origin: appUrl(), Cookie: cookie }),
    );
    expect(out.status).toBe(200);
    expectError(await apiAs({ cookie }, "/api/backups"), "unauthenticated", 401);
  });

  it("disabling a user ends every session of theirs at once, and they cannot sign in again until enabled", async () => {
    const user = await addUser("operator");
    const [first, second] = [
      await signedInCookie(user.email, user.password),
      await signedInCookie(user.email, user.password),
    ];
    expect((await apiAs({ cookie: first }, "/api/backups")).status).toBe(200);

    const disabled = await api(`/api/users/${user.id}`, jsonRequest("PATCH", { disabled: true }));
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ id: user.id, disabled: true });
    expectError(await apiAs({ cookie: first }, "/api/backups"), "unauthenticated", 401);
    expectError(await apiAs({ cookie: second }, "/api/servers"), "unauthenticated", 401);
    // The right password of a disabled account is answered exactly as a wrong one (hardening #11).
    const refused = await signIn(user.email, user.password, { ip: "198.51.100.60" });
    const wrong = await signIn(user.email, "not the password at all", { ip: "198.51.100.61" });
    expect(refused.status).toBe(401);
    expect({ status: refused.status, body: refused.body }).toEqual({ status: wrong.status, body: wrong.body });
    expect(cookieFrom(refused)).toBe("");

    expect((await api(`/api/users/${user.id}`, jsonRequest("PATCH", { disabled: false }))).body).toMatchObject({
      disabled: false,
    });
    await signedInCookie(user.email, TEST_PASSWORD);
  });
});

describe("single sign-on (OpenID Connect)", () => {
  it("signs a new person in as a viewer through the identity provider, with the callback /api/auth/callback/oidc", async () => {
    const start = await send(
      `${appUrl()}/api/auth/sign-in/social`,
      jsonRequest("POST", { provider: "oidc", callbackURL: "/" }, { Origin: appUrl() }),
    );
    expect(start.status, start.text).toBe(200);
    const authorize = new URL((start.body as { url: string }).url);
    expect(authorize.origin).toBe(new URL(inject("oidcIssuer")).origin);
    expect(authorize.searchParams.get("redirect_uri")).toBe(`${appUrl()}/api/auth/callback/oidc`);

    const idp = await fetch(authorize, { redirect: "manual" });
    const callback = await send(idp.headers.get("location")!, {
      redirect: "manual",
      headers: { Cookie: cookieFrom(start) },
    });
    expect(callback.status).toBe(302);
    expect(new URL(callback.headers.get("location")!, appUrl()).pathname).toBe("/");
    const cookie = cookieFrom(callback);
    expect((await apiAs({ cookie }, "/api/backups")).status).toBe(200);
    expectError(await apiAs({ cookie }, "/api/backups/1", { method: "DELETE" }), "forbidden", 403);
    const users = (await api("/api/users")).body as { results: { email: string; role: string }[] };
    expect(users.results).toContainEqual(expect.objectContaining({ email: SSO_IDENTITY.email, role: "viewer" }));
  });
});

describe("the first run's setup link", () => {
  it("is printed at start when there are no users, creates the first admin once, then never works again", async () => {
    const app = await startApp({
      DASHBOARD_ADMIN_EMAIL: "",
      DASHBOARD_ADMIN_PASSWORD: "",
      VPSORG_API_URL: "",
      VPSORG_API_TOKEN: "",
      VPSORG_SIMULATOR_URL: `${inject("simulatorUrl")}/api/v1`,
      VPSORG_SIMULATOR_TOKEN: "unused",
    });
    others.push(app);
    const line = linesOf(app.stdout(), "startup", /^First run: open /)[0]?.msg;
    expect(line).toMatch(
      new RegExp(`^First run: open ${app.url}/setup\\?token=[A-Za-z0-9_-]{43} to create the first admin\\.$`),
    );
    const token = new URL(line!.split(" ")[3]!).searchParams.get("token")!;

    // No users: nobody can sign in, every API route but health and setup answers 401.
    expectError(await apiAs("anonymous", "/api/backups", {}, app.url), "unauthenticated", 401);
    const setup = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
      send(`${app.url}/api/setup`, jsonRequest("POST", body, { Origin: app.url, ...headers }));
    const first = {
      token,
      email: "First.Admin@example.com",
      name: "First Admin",
      password: "the first admin's password",
    };

    expectError(await setup({ ...first, token: "a-wrong-token" }), "forbidden", 403);
    expectError(await setup({ ...first, password: "short" }), "invalid_input", 400);
    const created = await setup(first);
    expect(created.status, created.text).toBe(201);
    expect(created.body).toMatchObject({ email: "first.admin@example.com", role: "admin", disabled: false });

    const again = expectError(await setup({ ...first, email: "second@example.com" }), "forbidden", 403);
    expect(again.message).toMatch(/already been used/);
    const cookie = await signedInCookie("first.admin@example.com", first.password, app.url);
    expect((await apiAs({ cookie }, "/api/users", {}, app.url)).body).toMatchObject({
      results: [{ email: "first.admin@example.com", role: "admin" }],
    });
  }, 90_000);
});
