import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import {
  api,
  apiAs,
  appUrl,
  clearRequestLog,
  expectError,
  jsonRequest,
  seenResponses,
  send,
  upstreamRequests,
} from "./helpers";

// A path whose percent-encoding does not decode (`%ZZ`, a cut-off or invalid UTF-8 sequence) is a
// 400 `invalid_input` in the error envelope, for every method of every dynamic route and for anyone:
// not the router's plain-text 500, and VPS.org is never asked.

const malformed = ["%E0%A4%A", "%ZZ", "%", "1%2", "%FF", "%C0%AF", "%ED%A0%80", "abc%E0%A4", "%%31"];

const dynamicRoutes = [
  (segment: string) => `/api/backups/${segment}`,
  (segment: string) => `/api/servers/${segment}/restore`,
  (segment: string) => `/api/users/${segment}`,
  (segment: string) => `/api/auth/callback/${segment}`,
];

const methods = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

beforeEach(async () => {
  await clearRequestLog();
});

afterAll(() => {
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

function expectMalformedPath(result: { status: number; body: unknown; headers: Headers }) {
  const error = expectError(result, "invalid_input", 400);
  expect(error.message).toMatch(/percent-encoding/);
  expect(error.fields).toEqual({ path: ["is not a well-formed percent-encoded path"] });
  expect(result.headers.get("content-type")).toMatch(/^application\/json/);
  expect(result.headers.get("cache-control")).toBe("no-store");
  expect(result.headers.get("x-content-type-options")).toBe("nosniff");
}

describe("a path that does not decode", () => {
  for (const route of dynamicRoutes) {
    for (const method of methods) {
      it.each(malformed)(`${method} ${route("{%s}")}: 400 invalid_input in the envelope`, async (segment) => {
        const init = method === "GET" || method === "OPTIONS" ? { method } : jsonRequest(method, { backup_id: 501 });
        expectMalformedPath(await api(route(segment), init));
        expect(await upstreamRequests()).toEqual([]);
      });
    }
  }

  it.each(["HEAD"])("%s answers 400 without a body", async (method) => {
    const result = await api(`/api/backups/%E0%A4%A`, { method });
    expect(result.status).toBe(400);
    expect(result.text).toBe("");
  });

  it("answers the same without a session, and from another site, telling nothing about the route", async () => {
    expectMalformedPath(await apiAs("anonymous", "/api/backups/%E0%A4%A", { method: "DELETE" }));
    expectMalformedPath(
      await apiAs("viewer", "/api/servers/%ZZ/restore", {
        ...jsonRequest("POST", { backup_id: 501 }),
        headers: { "Content-Type": "application/json", Origin: "https://evil.example" },
      }),
    );
    expectMalformedPath(await apiAs("anonymous", "/api/no-such-route/%ZZ"));
    expect(await upstreamRequests()).toEqual([]);
  });

  it("refuses a malformed segment anywhere under /api, static segments included", async () => {
    for (const path of ["/api/backups%ZZ", "/api/%ZZ/restore", "/api/servers/1/%E0%A4%A", "/api/health/%ZZ"]) {
      expectMalformedPath(await api(path));
    }
    expect(await upstreamRequests()).toEqual([]);
  });

  it("lets a well-encoded path through to its route, decoded as before", async () => {
    // "%61bc" is "abc": the route's own validation names the parameter.
    const error = expectError(await api("/api/backups/%61bc", { method: "DELETE" }), "invalid_input", 400);
    expect(error.message).toMatch(/backupId/);
    expectError(await api("/api/users/n%6F-such-user", jsonRequest("PATCH", { role: "viewer" })), "not_found", 404);
    expect(await upstreamRequests()).toEqual([]);
  });

  it("leaves pages and other paths as they were", async () => {
    const page = await send(`${appUrl()}/sign-in%ZZ`);
    expect(page.status).not.toBe(500);
    expect((await send(`${appUrl()}/api/health`)).status).toBe(200);
  });
});
