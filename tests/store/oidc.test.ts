import { OAuth2Server } from "oauth2-mock-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/server/client-address";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { getCurrentSession } from "@/lib/auth/server/session";
import type { Store } from "@/lib/store/store";
import { disableUser, listUsers, SYSTEM } from "@/lib/users/server/users";
import { addTestUser, backends, cookieFrom, useStores } from "./helpers";

// Single sign-on against a real OpenID Connect server (oauth2-mock-server on 127.0.0.1, random port),
// driving the authorization-code flow with fetch as a browser would: start sign-in → the provider's
// authorize endpoint → our callback → session cookie.

const BASE = "http://localhost:3000";
const idp = new OAuth2Server();
/** The identity the provider asserts in its next ID token. */
let identity: Record<string, unknown> = {};

beforeAll(async () => {
  await idp.issuer.keys.generate("RS256");
  await idp.start(0, "127.0.0.1");
  idp.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    Object.assign(token.payload, identity);
  });
});

afterAll(async () => {
  await idp.stop();
});

function oidcConfig() {
  const issuer = idp.issuer.url!;
  return {
    issuer,
    clientId: "vpsdash",
    clientSecret: "vpsdash-client-secret",
    discoveryUrl: `${issuer}/.well-known/openid-configuration`,
  };
}

/** Runs the whole flow; returns where the browser ends up and the cookie it then holds. */
async function signInWithSso(
  store: Store,
  options: { tamperState?: boolean } = {},
): Promise<{ location: URL; cookie: string }> {
  const start = await store.auth.handler(
    new Request(`${BASE}/api/auth/sign-in/social`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: BASE, [CLIENT_ADDRESS_HEADER]: "192.0.2.77" },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/", errorCallbackURL: "/sign-in" }),
    }),
  );
  expect(start.status).toBe(200);
  const { url, redirect } = (await start.json()) as { url: string; redirect: boolean };
  expect(redirect).toBe(true);
  const authorizeUrl = new URL(url);
  expect(authorizeUrl.origin).toBe(idp.issuer.url);
  expect(authorizeUrl.searchParams.get("redirect_uri")).toBe(`${BASE}/api/auth/callback/oidc`);
  expect(authorizeUrl.searchParams.get("code_challenge_method")).toBe("S256");
  expect(authorizeUrl.searchParams.get("scope")?.split(" ")).toEqual(
    expect.arrayContaining(["openid", "email", "profile"]),
  );

  const authorize = await fetch(authorizeUrl, { redirect: "manual" });
  expect(authorize.status).toBe(302);
  const callbackUrl = new URL(authorize.headers.get("location")!);
  expect(`${callbackUrl.origin}${callbackUrl.pathname}`).toBe(`${BASE}/api/auth/callback/oidc`);
  if (options.tamperState) callbackUrl.searchParams.set("state", "forged-state");

  const callback = await store.auth.handler(
    new Request(callbackUrl, { headers: { cookie: cookieFrom(start), [CLIENT_ADDRESS_HEADER]: "192.0.2.77" } }),
  );
  expect(callback.status).toBe(302);
  return { location: new URL(callback.headers.get("location")!, BASE), cookie: cookieFrom(callback) };
}

describe.each(backends)("single sign-on on $name", (backend) => {
  const { newStore } = useStores(backend);
  const ssoStore = () => newStore({ config: { oidc: oidcConfig() } });

  it("signs a new person in as a viewer", async () => {
    const store = await ssoStore();
    identity = { sub: "idp-user-1", email: "Grace@Example.com", email_verified: true, name: "Grace Hopper" };
    const { location, cookie } = await signInWithSso(store);
    expect(location.href).toBe(`${BASE}/`);
    const session = await getCurrentSession(store, new Headers({ cookie }));
    expect(session?.user).toMatchObject({ email: "grace@example.com", name: "Grace Hopper", role: "viewer" });
    const { entries } = await queryAudit(store.db, { action: "auth.sign_in" });
    expect(entries).toMatchObject([
      {
        actor: { email: "grace@example.com" },
        ip: "192.0.2.77",
        target: { description: "single sign-on (oidc)" },
        outcome: "success",
      },
    ]);
  });

  it("signs an existing user in as themselves, keeping their role", async () => {
    const store = await ssoStore();
    const ada = await addTestUser(store, "ada@example.com", "operator");
    identity = { sub: "idp-user-2", email: "ada@example.com", email_verified: true, name: "Ada from the IdP" };
    const { cookie } = await signInWithSso(store);
    const session = await getCurrentSession(store, new Headers({ cookie }));
    expect(session?.user).toMatchObject({ id: ada.id, role: "operator" });
    expect(await listUsers(store)).toHaveLength(1);
    // The second time goes through the linked account.
    const again = await signInWithSso(store);
    expect((await getCurrentSession(store, new Headers({ cookie: again.cookie })))?.user.id).toBe(ada.id);
  });

  it("refuses a disabled user and records the failure", async () => {
    const store = await ssoStore();
    const ada = await addTestUser(store, "ada@example.com", "operator");
    await disableUser(store, SYSTEM, ada.id);
    identity = { sub: "idp-user-3", email: "ada@example.com", email_verified: true, name: "Ada" };
    const { location, cookie } = await signInWithSso(store);
    expect(location.pathname).toBe("/sign-in");
    expect(location.searchParams.get("error")).toBe("BANNED_USER");
    expect(await getCurrentSession(store, new Headers({ cookie }))).toBeNull();
    const { entries } = await queryAudit(store.db, { action: "auth.sign_in_failed" });
    expect(entries).toMatchObject([
      { outcome: "failure", error: { code: "BANNED_USER" }, target: { description: "single sign-on (oidc)" } },
    ]);
  });

  it("refuses a callback whose state was not issued to this browser", async () => {
    const store = await ssoStore();
    identity = { sub: "idp-user-4", email: "mallory@example.com", email_verified: true, name: "Mallory" };
    const { location, cookie } = await signInWithSso(store, { tamperState: true });
    expect(location.searchParams.get("error")).toBeTruthy();
    expect(await getCurrentSession(store, new Headers({ cookie }))).toBeNull();
    expect(await listUsers(store)).toEqual([]);
  });
});
