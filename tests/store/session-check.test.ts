import { sql } from "kysely";
import { describe, expect, it, vi } from "vitest";
import { getCurrentSession } from "@/lib/auth/server/session";
import { checkedSession, REVALIDATE_MS, type ValidatedSession } from "@/lib/auth/server/session-cache";
import { changeRole, disableUser, SYSTEM } from "@/lib/users/server/users";
import { addTestUser, backends, cookieFrom, headersFrom, signIn, useStores } from "./helpers";

// A Cookie header Better Auth validated is then checked by one query of the session and its user
// (lib/auth/server/session-cache.ts): what must hold is that the store stays the truth, on every
// instance, at once.

describe.each(backends)("the session check on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  async function signedIn(role: "viewer" | "operator" = "operator") {
    const store = await newStore();
    const user = await addTestUser(store, `${role}-${Math.random().toString(36).slice(2, 8)}@example.com`, role);
    const response = await signIn(store, user.email);
    expect(response.status).toBe(200);
    const cookie = cookieFrom(response);
    return { store, user, cookie, headers: headersFrom("203.0.113.10", cookie) };
  }

  it("asks Better Auth once, then answers the same Cookie header from the store's rows", async () => {
    const { store, user, headers } = await signedIn();
    const getSession = vi.spyOn(store.auth.api, "getSession");
    const first = await getCurrentSession(store, headers);
    const second = await getCurrentSession(store, headers);
    const third = await getCurrentSession(store, headers);
    expect(getSession).toHaveBeenCalledTimes(1);
    expect(first).toEqual(second);
    expect(third).toMatchObject({ user: { id: user.id, email: user.email, role: "operator" } });
    // A forged header is not the remembered one: Better Auth validates it, and says no.
    const forged = new Headers(headers);
    forged.set("cookie", headers.get("cookie")!.replace(/\.[^.;]*$/, ".Zm9yZ2Vk"));
    expect(await getCurrentSession(store, forged)).toBeNull();
    expect(getSession).toHaveBeenCalledTimes(2);
  });

  it("sees a sign-out on another instance at once", async () => {
    const { store, headers } = await signedIn();
    const other = await secondInstance(store);
    expect(await getCurrentSession(store, headers)).not.toBeNull();
    await other.auth.api.signOut({ headers });
    expect(await getCurrentSession(store, headers)).toBeNull();
  });

  it("sees a user disabled or given another role on another instance at once", async () => {
    const { store, user, headers } = await signedIn();
    const other = await secondInstance(store);
    expect((await getCurrentSession(store, headers))?.user.role).toBe("operator");
    await changeRole(other, SYSTEM, user.id, "viewer");
    expect((await getCurrentSession(store, headers))?.user.role).toBe("viewer");
    await disableUser(other, SYSTEM, user.id);
    expect(await getCurrentSession(store, headers)).toBeNull();
  });

  it("sees an expiry, and a user disabled by hand, at once", async () => {
    const { store, user, headers } = await signedIn();
    expect(await getCurrentSession(store, headers)).not.toBeNull();
    await sql`update "user" set banned = ${store.dialect === "sqlite" ? 1 : true} where id = ${user.id}`.execute(
      store.db,
    );
    expect(await getCurrentSession(store, headers)).toBeNull();

    const again = await signedIn();
    expect(await getCurrentSession(again.store, again.headers)).not.toBeNull();
    const past = new Date(Date.now() - 1000);
    await sql`update session set "expiresAt" = ${store.dialect === "sqlite" ? past.toISOString() : past}`.execute(
      again.store.db,
    );
    expect(await getCurrentSession(again.store, again.headers)).toBeNull();
  });

  it(`asks Better Auth again after ${REVALIDATE_MS / 1000} s, and per instance`, async () => {
    const { store, headers } = await signedIn();
    const other = await secondInstance(store);
    const validated = (await getCurrentSession(store, headers))!;
    let clock = Date.now();
    let validations = 0;
    const validate = async (): Promise<ValidatedSession> => {
      validations += 1;
      const row = await store.db.selectFrom("session").select("token").executeTakeFirstOrThrow();
      return { session: validated, token: row.token };
    };
    const cookie = headers.get("cookie")!;
    await checkedSession(other, other.db, cookie, validate, () => clock);
    await checkedSession(other, other.db, cookie, validate, () => clock);
    clock += REVALIDATE_MS - 1;
    await checkedSession(other, other.db, cookie, validate, () => clock);
    expect(validations).toBe(1);
    clock += 1;
    await checkedSession(other, other.db, cookie, validate, () => clock);
    expect(validations).toBe(2);
  });
});
