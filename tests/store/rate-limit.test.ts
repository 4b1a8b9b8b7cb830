import { describe, expect, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/server/client-address";
import { queryAudit } from "@/lib/audit/server/audit-log";
import { consumeSignInAttempt } from "@/lib/auth/server/sign-in-limit";
import { addTestUser, backends, PASSWORD, signIn, useStores } from "./helpers";

const WRONG = "not the password at all";

describe.each(backends)("sign-in rate limit on $name", (backend) => {
  const { newStore, secondInstance } = useStores(backend);

  it("refuses the 6th attempt on one account from one address within a minute, even with the right password", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    for (let i = 1; i <= 5; i++)
      expect((await signIn(store, "ada@example.com", WRONG, "198.51.100.1")).status).toBe(401);
    const refused = await signIn(store, "Ada@Example.com", PASSWORD, "198.51.100.1");
    expect(refused.status).toBe(429);
    const body = await refused.json();
    expect(body).toMatchObject({ code: "SIGN_IN_RATE_LIMITED", retryAfterSeconds: expect.any(Number) });
    expect(body.message).toMatch(/^Too many sign-in attempts for this account\. Try again in \d+ seconds?\.$/);
    expect(body.retryAfterSeconds).toBeGreaterThan(50);
    expect(body.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(refused.headers.get("retry-after")).toBe(String(body.retryAfterSeconds));
    // Another account is not affected.
    await addTestUser(store, "grace@example.com");
    expect((await signIn(store, "grace@example.com", PASSWORD, "198.51.100.99")).status).toBe(200);
  });

  it("does not let an attacker at another address lock the owner out, however often they fail", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com", "admin");
    const statuses: number[] = [];
    for (let i = 1; i <= 50; i++) statuses.push((await signIn(store, "ada@example.com", WRONG, "203.0.113.13")).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5).every((status) => status === 429)).toBe(true);
    // The owner, at their own address (never used before), signs in at once.
    expect((await signIn(store, "ada@example.com", PASSWORD, "198.51.100.7")).status).toBe(200);
    // The attacker's IPv6 neighbours in the same /64 are the same attacker.
    for (let i = 1; i <= 5; i++)
      expect((await signIn(store, "ada@example.com", WRONG, `2001:db8:5:5::${i}`)).status).toBe(401);
    expect((await signIn(store, "ada@example.com", WRONG, "2001:db8:5:5:ffff::1")).status).toBe(429);
    expect((await signIn(store, "ada@example.com", PASSWORD, "198.51.100.7")).status).toBe(200);
  });

  it("refuses the 6th attempt from one IP within a minute, whatever the accounts; other addresses still sign in", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    for (let i = 1; i <= 5; i++)
      expect((await signIn(store, `guess${i}@example.com`, WRONG, "203.0.113.66")).status).toBe(401);
    const refused = await signIn(store, "ada@example.com", PASSWORD, "203.0.113.66");
    expect(refused.status).toBe(429);
    expect((await refused.json()).message).toMatch(
      /^Too many sign-in attempts from this address\. Try again in \d+ seconds?\.$/,
    );
    expect((await signIn(store, "ada@example.com", PASSWORD, "203.0.113.67")).status).toBe(200);
  });

  it("answers 429 with Retry-After over HTTP", async () => {
    const store = await newStore({ signInLimit: { maxAttempts: 1, windowSeconds: 30 } });
    const attempt = () =>
      store.auth.handler(
        new Request("http://localhost:3000/api/auth/sign-in/email", {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: "http://localhost:3000",
            [CLIENT_ADDRESS_HEADER]: "192.0.2.5",
          },
          body: JSON.stringify({ email: "ada@example.com", password: WRONG }),
        }),
      );
    expect((await attempt()).status).toBe(401);
    const refused = await attempt();
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(25);
  });

  it("lets attempts leave the window: the wait it gives is exact", async () => {
    const store = await newStore();
    const t0 = Date.parse("2030-01-01T00:00:00.000Z");
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const attempt = { email: "ada@example.com", ip: "192.0.2.1" };
    for (let s = 0; s < 5; s++)
      expect(await consumeSignInAttempt(store.db, attempt, undefined, at(s))).toEqual({ allowed: true });
    // The first attempt (t=0) leaves the window at t=60.
    expect(await consumeSignInAttempt(store.db, attempt, undefined, at(10))).toEqual({
      allowed: false,
      scope: "account_address",
      retryAfterSeconds: 50,
    });
    // Refused attempts are not counted: waiting the given time is enough.
    expect(await consumeSignInAttempt(store.db, attempt, undefined, at(59.5))).toEqual({
      allowed: false,
      scope: "account_address",
      retryAfterSeconds: 1,
    });
    expect(await consumeSignInAttempt(store.db, attempt, undefined, at(60))).toEqual({ allowed: true });
    expect(await consumeSignInAttempt(store.db, attempt, undefined, at(60.5))).toEqual({
      allowed: false,
      scope: "account_address",
      retryAfterSeconds: 1,
    });
  });

  it("forgets an account's failures once it signs in", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    for (let i = 1; i <= 4; i++) await signIn(store, "ada@example.com", WRONG, `198.51.100.${i}`);
    expect((await signIn(store, "ada@example.com", PASSWORD, "198.51.100.50")).status).toBe(200);
    for (let i = 5; i <= 8; i++)
      expect((await signIn(store, "ada@example.com", WRONG, `198.51.100.${i}`)).status).toBe(401);
    expect((await signIn(store, "ada@example.com", PASSWORD, "198.51.100.51")).status).toBe(200);
  });

  it("does not count successful sign-ins against the address (a team behind one NAT), but counts its failures", async () => {
    const store = await newStore();
    for (let i = 1; i <= 7; i++) await addTestUser(store, `member${i}@example.com`);
    for (let i = 1; i <= 7; i++)
      expect((await signIn(store, `member${i}@example.com`, PASSWORD, "203.0.113.200")).status).toBe(200);
    for (let i = 1; i <= 5; i++)
      expect((await signIn(store, `member${i}@example.com`, WRONG, "203.0.113.200")).status).toBe(401);
    expect((await signIn(store, "member6@example.com", PASSWORD, "203.0.113.200")).status).toBe(429);
  });

  it("is shared by every instance of the dashboard on the same database", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    const other = await secondInstance(store);
    for (let i = 1; i <= 3; i++) await signIn(store, "ada@example.com", WRONG, "198.51.100.1");
    for (let i = 4; i <= 5; i++) await signIn(other, "ada@example.com", WRONG, "198.51.100.1");
    expect((await signIn(store, "ada@example.com", PASSWORD, "198.51.100.1")).status).toBe(429);
    expect((await signIn(other, "ada@example.com", PASSWORD, "198.51.100.1")).status).toBe(429);
  });

  it("lets at most the limit through when attempts race", async () => {
    const store = await newStore();
    await addTestUser(store, "ada@example.com");
    const results = await Promise.all(
      Array.from({ length: 12 }, () => signIn(store, "ada@example.com", WRONG, "198.51.100.1")),
    );
    const statuses = results.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(7);
  });

  it("slows guessing from many addresses with a per-account ceiling whose delays grow, and says how long to wait", async () => {
    const store = await newStore();
    const t0 = Date.parse("2030-01-01T00:00:00.000Z");
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const from = (n: number) => ({ email: "ada@example.com", ip: `198.51.100.${n}` });
    // Ten failures from ten addresses: no wait yet.
    for (let i = 0; i < 10; i++)
      expect(await consumeSignInAttempt(store.db, from(i + 1), undefined, at(i))).toEqual({ allowed: true });
    // Then each attempt must come a growing delay after the account's previous one: 1 s, 2 s, 4 s …
    let last = 9;
    for (let k = 0; k < 8; k++) {
      const delay = 2 ** k;
      const address = from(100 + k);
      expect(await consumeSignInAttempt(store.db, address, undefined, at(last + 0.1))).toEqual({
        allowed: false,
        scope: "account",
        retryAfterSeconds: delay,
      });
      expect(await consumeSignInAttempt(store.db, address, undefined, at(last + delay - 0.5))).toEqual({
        allowed: false,
        scope: "account",
        retryAfterSeconds: 1,
      });
      expect(await consumeSignInAttempt(store.db, address, undefined, at(last + delay))).toEqual({ allowed: true });
      last += delay;
    }
  });

  it("caps the ceiling's delay, and lets it go once the failures leave its window", async () => {
    const store = await newStore();
    const limit = {
      maxAttempts: 5,
      windowSeconds: 60,
      account: { freeAttempts: 2, windowSeconds: 3600, baseDelaySeconds: 1, maxDelaySeconds: 5 },
    };
    const t0 = Date.parse("2030-01-01T00:00:00.000Z");
    const at = (seconds: number) => new Date(t0 + seconds * 1000);
    const from = (n: number) => ({ email: "ada@example.com", ip: `198.51.100.${n}` });
    const waits: number[] = [];
    let now = 0;
    for (let n = 1; n <= 8; n++) {
      const decision = await consumeSignInAttempt(store.db, from(n), limit, at(now));
      waits.push(decision.allowed ? 0 : decision.retryAfterSeconds);
      if (!decision.allowed) {
        now += decision.retryAfterSeconds;
        expect(await consumeSignInAttempt(store.db, from(n), limit, at(now))).toEqual({ allowed: true });
      }
    }
    expect(waits).toEqual([0, 0, 1, 2, 4, 5, 5, 5]);
    // An hour after the last failure, the account is free again.
    expect(await consumeSignInAttempt(store.db, from(99), limit, at(now + 3601))).toEqual({ allowed: true });
  });

  it("never slows the owner at an address they signed in from before, while guessing from elsewhere is refused", async () => {
    const limit = {
      maxAttempts: 5,
      windowSeconds: 60,
      account: { freeAttempts: 10, windowSeconds: 3600, baseDelaySeconds: 60, maxDelaySeconds: 600 },
    };
    const store = await newStore({ signInLimit: limit });
    const other = await secondInstance(store, { signInLimit: limit });
    await addTestUser(store, "ada@example.com", "admin");
    expect((await signIn(store, "ada@example.com", PASSWORD, "192.0.2.50")).status).toBe(200);
    // Twelve addresses, one failure each, spread over two instances.
    const statuses: number[] = [];
    for (let i = 1; i <= 12; i++)
      statuses.push((await signIn(i % 2 ? store : other, "ada@example.com", WRONG, `198.51.100.${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
    const stranger = await signIn(other, "ada@example.com", PASSWORD, "203.0.113.9");
    expect(stranger.status).toBe(429);
    const body = await stranger.json();
    expect(body.message).toMatch(
      /^Too many failed sign-ins for this account lately, from several addresses\. Try again in \d+ seconds?\.$/,
    );
    expect(Number(stranger.headers.get("retry-after"))).toBeGreaterThan(50);
    expect((await signIn(store, "ada@example.com", PASSWORD, "192.0.2.50")).status).toBe(200);
    expect((await signIn(other, "ada@example.com", PASSWORD, "192.0.2.50")).status).toBe(200);
  });

  it("lets at most the ceiling's free attempts through when many addresses race", async () => {
    const store = await newStore({
      signInLimit: {
        maxAttempts: 5,
        windowSeconds: 60,
        account: { freeAttempts: 10, windowSeconds: 3600, baseDelaySeconds: 60, maxDelaySeconds: 600 },
      },
    });
    await addTestUser(store, "ada@example.com");
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => signIn(store, "ada@example.com", WRONG, `198.51.100.${i + 1}`)),
    );
    const statuses = results.map((response) => response.status);
    expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(20);
  });

  it("still limits each account when the address is not known, without one shared allowance for everyone", async () => {
    const store = await newStore();
    const unknown = (email: string) => ({ email, ip: null });
    for (let i = 0; i < 5; i++)
      expect(await consumeSignInAttempt(store.db, unknown("ada@example.com"))).toEqual({ allowed: true });
    expect(await consumeSignInAttempt(store.db, unknown("ada@example.com"))).toMatchObject({
      allowed: false,
      scope: "account_address",
    });
    expect(await consumeSignInAttempt(store.db, unknown("grace@example.com"))).toEqual({ allowed: true });
  });

  it("records refused attempts in the audit log", async () => {
    const store = await newStore({ signInLimit: { maxAttempts: 1, windowSeconds: 60 } });
    await signIn(store, "ada@example.com", WRONG, "192.0.2.9");
    await signIn(store, "ada@example.com", WRONG, "192.0.2.9");
    const { entries } = await queryAudit(store.db, { action: "auth.sign_in_failed" });
    expect(entries[0]).toMatchObject({
      ip: "192.0.2.9",
      target: { userEmail: "ada@example.com" },
      error: { code: "rate_limited" },
    });
    expect(entries[1]).toMatchObject({ error: { code: "INVALID_EMAIL_OR_PASSWORD" } });
  });
});
