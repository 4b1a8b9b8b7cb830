import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/server/client-address";
import { CANARIES } from "../canary";
import { withStore } from "../store-under-test";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import { apiAs, appUrl, seenResponses, send, signedInCookie, type ApiResult } from "./helpers";

// Who is connecting, for the sign-in limit and the audit log. The start command's server writes the
// client's address from the socket; with no trusted proxy (the default) nothing a client sends
// changes it; through AUTH_TRUSTED_PROXIES X-Forwarded-For is walked past the proxies; under a bare
// `next start` the address is unknown, never a header the client chose.

let defaults: AppProcess;
let bare: AppProcess;

beforeAll(async () => {
  const upstream = {
    VPSORG_API_URL: "",
    VPSORG_API_TOKEN: "",
    VPSORG_SIMULATOR_URL: `${inject("simulatorUrl")}/api/v1`,
    VPSORG_SIMULATOR_TOKEN: "unused",
  };
  [defaults, bare] = await Promise.all([startApp(upstream), startApp(upstream, { bareNextStart: true })]);
}, 120_000);

afterAll(async () => {
  await Promise.all([defaults?.stop(), bare?.stop()]);
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

let unique = 0;
const someone = (label: string) => `${label}-${Date.now().toString(36)}-${++unique}@address.test`;

/** A password sign-in with whatever headers a client likes, sent to `host` (the app's own by default). */
function signIn(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
  host: string = base,
): Promise<ApiResult> {
  return send(`${host}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Origin: base, ...headers },
    body: JSON.stringify({ email, password }),
  });
}

interface Entry {
  action: string;
  ip: string | null;
  target: { userEmail: string | null };
  error: { code: string; message: string } | null;
}

/** The audit entries about one email, newest first, read through the API as the admin. */
async function auditedFor(base: string, email: string): Promise<Entry[]> {
  const cookie = await signedInCookie(ADMIN.email, ADMIN.password, base);
  const result = await apiAs({ cookie }, "/api/audit?page_size=500", {}, base);
  expect(result.status, result.text).toBe(200);
  return (result.body as { entries: Entry[] }).entries.filter((entry) => entry.target.userEmail === email);
}

async function sessionAddresses(app: AppProcess): Promise<string[]> {
  const rows = await withStore(app.databaseUrl, (store) =>
    store.query<{ ipAddress: string }>(`select "ipAddress" from session`),
  );
  return rows.map((row) => row.ipAddress);
}

const FORGED = { "X-Forwarded-For": "203.0.113.66", [CLIENT_ADDRESS_HEADER]: "198.51.100.66" };

describe("with no trusted proxy (the default)", () => {
  it("audits a local sign-in as 127.0.0.1, and one over IPv6 loopback as ::1, never as zeros", async () => {
    const ipv4 = await signIn(defaults.url, ADMIN.email, ADMIN.password);
    expect(ipv4.status).toBe(200);
    const [signedIn] = (await auditedFor(defaults.url, ADMIN.email)).filter((e) => e.action === "auth.sign_in");
    expect(signedIn?.ip).toBe("127.0.0.1");

    const email = someone("ipv6");
    const ipv6 = await signIn(defaults.url, email, "wrong password", {}, defaults.url.replace("127.0.0.1", "[::1]"));
    expect(ipv6.status).toBe(401);
    expect((await auditedFor(defaults.url, email)).map((entry) => entry.ip)).toEqual(["::1"]);
  });

  it("believes neither a forged X-Forwarded-For nor a forged private header, in the audit log or Better Auth's session", async () => {
    const attempts: Record<string, string>[] = [
      { "X-Forwarded-For": "203.0.113.66" },
      { [CLIENT_ADDRESS_HEADER]: "198.51.100.66" },
      FORGED,
      { "X-Forwarded-For": "203.0.113.66, 127.0.0.1" },
    ];
    for (const forged of attempts) {
      const email = someone("forger");
      expect((await signIn(defaults.url, email, "wrong password", forged)).status).toBe(401);
      expect((await auditedFor(defaults.url, email)).map((entry) => entry.ip)).toEqual(["127.0.0.1"]);
    }
    expect((await signIn(defaults.url, ADMIN.email, ADMIN.password, FORGED)).status).toBe(200);
    const addresses = await sessionAddresses(defaults);
    expect(addresses.length).toBeGreaterThan(0);
    for (const address of addresses) expect(address).toBe("127.0.0.1");
  });

  it("keys the sign-in limit on the real address: a new forged address per attempt does not get past it", async () => {
    // The earlier tests' failures came from this address too: the refusal may come sooner, never later.
    const statuses: number[] = [];
    let refused: ApiResult | undefined;
    for (let i = 1; i <= 6 && !refused; i++) {
      const forged = { "X-Forwarded-For": `203.0.113.${i}`, [CLIENT_ADDRESS_HEADER]: `198.51.100.${i}` };
      const result = await signIn(defaults.url, someone("spray"), "wrong password", forged);
      statuses.push(result.status);
      if (result.status === 429) refused = result;
    }
    expect(
      statuses.slice(0, -1).every((status) => status === 401),
      String(statuses),
    ).toBe(true);
    expect(refused, String(statuses)).toBeDefined();
    expect((refused!.body as { message: string }).message).toMatch(/from this address/);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});

describe("through a trusted proxy (AUTH_TRUSTED_PROXIES=127.0.0.1)", () => {
  it("believes X-Forwarded-For, walking it from the right past the trusted proxies", async () => {
    for (const [forwardedFor, expected] of [
      ["192.0.2.200", "192.0.2.200"],
      ["6.6.6.6, 192.0.2.201", "192.0.2.201"],
      ["6.6.6.6, 192.0.2.202, 127.0.0.1", "192.0.2.202"],
      ["2001:DB8:0:0::7", "2001:db8::7"],
    ] as const) {
      const email = someone("proxied");
      expect((await signIn(appUrl(), email, "wrong password", { "X-Forwarded-For": forwardedFor })).status).toBe(401);
      expect((await auditedFor(appUrl(), email)).map((entry) => entry.ip)).toEqual([expected]);
    }
  });

  it("still never believes a private header the client sent", async () => {
    const email = someone("proxied");
    const result = await signIn(appUrl(), email, "wrong password", {
      "X-Forwarded-For": "192.0.2.210",
      [CLIENT_ADDRESS_HEADER]: "198.51.100.210",
    });
    expect(result.status).toBe(401);
    expect((await auditedFor(appUrl(), email)).map((entry) => entry.ip)).toEqual(["192.0.2.210"]);
  });

  it("limits an IPv6 client per /64 prefix, and audits its full address", async () => {
    for (let i = 1; i <= 5; i++) {
      const result = await signIn(appUrl(), someone("v6"), "wrong password", {
        "X-Forwarded-For": `2001:db8:77:1::${i.toString(16)}`,
      });
      expect(result.status).toBe(401);
    }
    const email = someone("v6");
    const sameSubnet = await signIn(appUrl(), email, "wrong password", { "X-Forwarded-For": "2001:db8:77:1:ffff::1" });
    expect(sameSubnet.status).toBe(429);
    expect((await auditedFor(appUrl(), email)).map((entry) => entry.ip)).toEqual(["2001:db8:77:1:ffff::1"]);
    const next = await signIn(appUrl(), someone("v6"), "wrong password", { "X-Forwarded-For": "2001:db8:77:2::1" });
    expect(next.status).toBe(401);
  });
});

describe("under a bare next start (no start command in front)", () => {
  it("knows no client address, whatever headers the client sends", async () => {
    const email = someone("bare");
    expect((await signIn(bare.url, email, "wrong password", FORGED)).status).toBe(401);
    expect((await auditedFor(bare.url, email)).map((entry) => entry.ip)).toEqual([null]);
    expect((await signIn(bare.url, ADMIN.email, ADMIN.password, FORGED)).status).toBe(200);
    for (const address of await sessionAddresses(bare)) expect(address).not.toMatch(/203\.0\.113|198\.51\.100/);
  });

  it("still limits sign-in per account, however the forged addresses change", async () => {
    const email = someone("bare-limit");
    for (let i = 1; i <= 5; i++) {
      const forged = { "X-Forwarded-For": `203.0.113.${i}`, [CLIENT_ADDRESS_HEADER]: `198.51.100.${i}` };
      expect((await signIn(bare.url, email, "wrong password", forged)).status).toBe(401);
    }
    const refused = await signIn(bare.url, email, "wrong password", { "X-Forwarded-For": "203.0.113.99" });
    expect(refused.status).toBe(429);
    expect((refused.body as { message: string }).message).toMatch(/for this account/);
  });
});
