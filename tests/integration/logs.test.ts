import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import { parseLogLines, type LogLine } from "../log-lines";
import { ADMIN, startApp, type AppProcess } from "./app-process";
import {
  api,
  apiAs,
  eventually,
  jsonRequest,
  providerEnv,
  seenResponses,
  send,
  signedInCookie,
  signIn,
  WATCHED_ENV,
} from "./helpers";

// The server's log (lib/log/logger.ts) on a dashboard of its own, started as `npm start` starts it,
// with the watcher on: every line it writes on stdout is one JSON object; each /api request has one
// line naming its id (the X-Request-Id it answered), who asked, the route, status and duration; the
// pages and the watcher's polls have theirs; and no secret — the provider's token, a session cookie,
// an Authorization header, the admin's password — is in any of it.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** Sent as a request's Authorization header: it must appear nowhere in the log. */
/** Shaped as an API key (so the route reads it), known to no store: refused, and never logged. */
const BEARER = "Bearer vbk_logcanary4c1f9e2d7b3a4e58a6d0c9b8e7f6a5d4c3b2a1";

let app: AppProcess;
let cookie: string;

const logLines = () => parseLogLines(app.stdout()).lines;

/** The one line of the request this id names (waiting for it: the log is written as the answer goes). */
function lineOf(reqId: string | null): Promise<LogLine> {
  expect(reqId).toBeTruthy();
  return eventually(`the log line of request ${reqId}`, async () => {
    const lines = logLines().filter((line) => line.reqId === reqId && line.status !== undefined);
    return lines.length > 0 ? (expect(lines).toHaveLength(1), lines[0]) : undefined;
  });
}

beforeAll(async () => {
  app = await startApp({ ...providerEnv(), ...WATCHED_ENV });
  cookie = await signedInCookie(ADMIN.email, ADMIN.password, app.url);
}, 120_000);

afterAll(async () => {
  await app?.stop();
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe("the server's log", () => {
  it("has one line per /api request with its id (sent back as X-Request-Id), the user, route, status and duration", async () => {
    const result = await apiAs(
      { cookie },
      "/api/backups",
      { headers: { "X-Request-Id": "chosen-by-the-client" } },
      app.url,
    );
    expect(result.status).toBe(200);
    const reqId = result.headers.get("x-request-id");
    // A client's own id is not believed from a peer that is not a trusted proxy: the server makes one.
    expect(reqId).toMatch(UUID);
    const line = await lineOf(reqId);
    expect(line).toMatchObject({
      level: "info",
      component: "api",
      method: "GET",
      route: "/api/backups",
      path: "/api/backups",
      status: 200,
      user: { email: ADMIN.email, role: "admin", id: expect.any(String) },
    });
    expect(line.durationMs).toEqual(expect.any(Number));
    expect(line.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  it("names the API key a request came with, and never the key itself", async () => {
    const made = await apiAs(
      { cookie },
      "/api/api-keys",
      jsonRequest("POST", { name: "log-key", role: "viewer" }),
      app.url,
    );
    expect(made.status, made.text).toBe(201);
    const { key } = made.body as { key: string };
    const result = await apiAs("anonymous", "/api/backups", { headers: { Authorization: `Bearer ${key}` } }, app.url);
    expect(result.status).toBe(200);
    const line = await lineOf(result.headers.get("x-request-id"));
    expect(line).toMatchObject({ status: 200, key: "log-key", user: { email: ADMIN.email, role: "viewer" } });
    expect(app.output()).not.toContain(key);
  });

  it("names a route with a parameter as its file does, and a failure by its code, the id on the error envelope too", async () => {
    const found = await apiAs({ cookie }, "/api/servers/12345/history", {}, app.url);
    expect(found.status, found.text).toBe(200);
    expect(await lineOf(found.headers.get("x-request-id"))).toMatchObject({
      route: "/api/servers/[serverId]/history",
      path: "/api/servers/12345/history",
      status: 200,
    });

    const refused = await apiAs("anonymous", "/api/backups", {}, app.url);
    expect(refused.status).toBe(401);
    const line = await lineOf(refused.headers.get("x-request-id"));
    expect(line).toMatchObject({ status: 401, error: { code: "unauthenticated" } });
    expect(line).not.toHaveProperty("user");
  });

  it("gives Better Auth's routes and the pages an id and a line too", async () => {
    const signedIn = await signIn(ADMIN.email, ADMIN.password, { base: app.url });
    expect(signedIn.status).toBe(200);
    expect(await lineOf(signedIn.headers.get("x-request-id"))).toMatchObject({
      component: "api",
      method: "POST",
      route: "/api/auth/sign-in/email",
      status: 200,
    });

    const page = await send(`${app.url}/sign-in`);
    expect(page.status).toBe(200);
    expect(await lineOf(page.headers.get("x-request-id"))).toMatchObject({
      component: "http",
      method: "GET",
      path: "/sign-in",
      status: 200,
    });
  });

  it("has a line for each of the watcher's polls, with its duration and what it saw", async () => {
    const poll = await eventually("a poll's line", async () =>
      logLines().find((line) => line.component === "watcher" && line.poll === "success"),
    );
    expect(poll).toMatchObject({ level: "info", durationMs: expect.any(Number), backups: expect.any(Number) });
  });

  it("is JSON on every line, and holds no secret: not the provider's token, a cookie, an Authorization header or a password", async () => {
    const withCookie = await apiAs({ cookie }, "/api/servers", {}, app.url);
    expect(withCookie.status).toBe(200);
    await lineOf(withCookie.headers.get("x-request-id"));
    const withKey = await apiAs("anonymous", "/api/servers", { headers: { Authorization: BEARER } }, app.url);
    expect(withKey.status).toBe(401);
    await lineOf(withKey.headers.get("x-request-id"));

    const { lines, notJson } = parseLogLines(app.stdout());
    expect(notJson).toEqual([]);
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      expect(typeof line.level).toBe("string");
      expect(typeof line.time).toBe("string");
    }
    const output = app.output();
    for (const secret of [...CANARIES, BEARER.slice("Bearer ".length), ADMIN.password, ...sessionTokens(cookie)])
      expect(output).not.toContain(secret);
  });
});

describe("the request id behind a trusted proxy", () => {
  it("is the proxy's own X-Request-Id, so both logs share it", async () => {
    // The shared dashboard trusts 127.0.0.1 as a reverse proxy (global-setup.ts, BEHIND_TEST_PROXY).
    const result = await api("/api/live", { headers: { "X-Request-Id": "proxy-7f3a9c" } });
    expect(result.headers.get("x-request-id")).toBe("proxy-7f3a9c");
    const malformed = await api("/api/live", { headers: { "X-Request-Id": "not an id\u00e9" } });
    expect(malformed.headers.get("x-request-id")).toMatch(UUID);
  });
});

/** The session cookie's values (what a stolen log line would give away). */
function sessionTokens(cookieHeader: string): string[] {
  return cookieHeader
    .split(";")
    .map((pair) => pair.trim().split("=").slice(1).join("="))
    .filter((value) => value.length > 8);
}
