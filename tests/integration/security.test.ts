import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import { ADMIN } from "./app-process";
import {
  api,
  apiAs,
  appUrl,
  clearRequestLog,
  expectError,
  jsonRequest,
  resetSimulator,
  seenResponses,
  send,
  serverWithRoom,
  sessionCookie,
  upstreamRequests,
} from "./helpers";

// Cross-site request forgery, security headers, and what error answers never carry.

let serverId: number;

beforeAll(async () => {
  await resetSimulator();
  serverId = await serverWithRoom();
});

beforeEach(async () => {
  await clearRequestLog();
});

afterAll(() => {
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe("a state-changing request from another site", () => {
  const evil = "https://evil.example";

  it.each([
    ["POST /api/backups", "/api/backups", jsonRequest("POST", { server_id: 0 })],
    ["DELETE /api/backups/{id}", "/api/backups/1", { method: "DELETE" }],
    ["POST /api/servers/{id}/restore", "/api/servers/12345/restore", jsonRequest("POST", { backup_id: 1 })],
    ["POST /api/users", "/api/users", jsonRequest("POST", {})],
    ["PATCH /api/users/{id}", "/api/users/x", jsonRequest("PATCH", {})],
    ["POST /api/setup", "/api/setup", jsonRequest("POST", {})],
  ])(
    "%s with a foreign Origin is refused with 403 csrf_rejected, even from a signed-in admin",
    async (_name, path, init) => {
      const headers = new Headers(init.headers);
      headers.set("Origin", evil);
      const error = expectError(await api(path, { ...init, headers }), "csrf_rejected", 403);
      expect(error.message).toContain(evil);
      expect(await upstreamRequests()).toEqual([]);
    },
  );

  it("is refused when it has no Origin but Sec-Fetch-Site says cross-site or same-site", async () => {
    for (const site of ["cross-site", "same-site"]) {
      const result = await api(
        "/api/backups",
        jsonRequest("POST", { server_id: serverId }, { "Sec-Fetch-Site": site }),
      );
      expectError(result, "csrf_rejected", 403);
    }
    expect(await upstreamRequests()).toEqual([]);
  });

  it("goes through from the dashboard's own origin (Origin or Sec-Fetch-Site: same-origin)", async () => {
    expect((await api("/api/backups", jsonRequest("POST", { server_id: serverId }, { Origin: appUrl() }))).status).toBe(
      201,
    );
    expect(
      (await api("/api/backups", jsonRequest("POST", { server_id: serverId }, { "Sec-Fetch-Site": "same-origin" })))
        .status,
    ).toBe(201);
  });

  it("is refused on Better Auth's endpoints too: sign-in and sign-out", async () => {
    const signIn = await send(`${appUrl()}/api/auth/sign-in/email`, jsonRequest("POST", ADMIN, { Origin: evil }));
    expectError(signIn, "csrf_rejected", 403);
    expect(signIn.headers.getSetCookie()).toEqual([]);

    const cookie = await sessionCookie("viewer");
    const signOut = await send(
      `${appUrl()}/api/auth/sign-out`,
      jsonRequest("POST", {}, { Origin: evil, Cookie: cookie }),
    );
    expectError(signOut, "csrf_rejected", 403);
    expect((await apiAs("viewer", "/api/backups")).status).toBe(200); // still signed in

    const crossSite = await send(
      `${appUrl()}/api/auth/sign-out`,
      jsonRequest("POST", {}, { "Sec-Fetch-Site": "cross-site", Cookie: cookie }),
    );
    expectError(crossSite, "csrf_rejected", 403);
  });

  it("leaves reads alone: a GET with a foreign Origin is answered", async () => {
    expect((await api("/api/backups", { headers: { Origin: evil } })).status).toBe(200);
  });
});

describe("security headers", () => {
  it.each(["/sign-in", "/", "/api/backups", "/api/health", "/does-not-exist"])("are on %s", async (path) => {
    const result = await api(path, { redirect: "manual" });
    const csp = result.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain("unsafe-eval");
    expect(result.headers.get("x-content-type-options")).toBe("nosniff");
    expect(result.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(result.headers.get("permissions-policy")).toContain("camera=()");
    expect(result.headers.get("x-powered-by")).toBeNull();
  });
});

describe("error answers", () => {
  it("carry no stack trace or file path, whatever went wrong", async () => {
    const answers = [
      await api("/api/backups", { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" }),
      await api("/api/backups?server_id=1e3"),
      await apiAs("anonymous", "/api/users"),
      await apiAs("viewer", "/api/users"),
      await api("/api/users/nobody-at-all", jsonRequest("PATCH", { role: "viewer" })),
    ];
    for (const answer of answers) {
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.text).not.toMatch(/\bat \S+ \(|\.ts:\d+|\.js:\d+|node_modules|\/work\//);
    }
  });
});
