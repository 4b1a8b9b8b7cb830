import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import {
  apiAs,
  clearRequestLog,
  expectError,
  jsonRequest,
  resetSimulator,
  seenResponses,
  upstreamRequests,
  type Caller,
} from "./helpers";

// Who may call what: every /api route × nobody, viewer, operator and admin, over HTTP. A request that
// would change something is sent with an input that the route refuses (400) once it has let the caller
// through, so the table shows the permission check without acting; VPS.org sees none of them.

const callers: Caller[] = ["anonymous", "viewer", "operator", "admin"];

type Expected = Record<Caller, number>;
interface RouteCase {
  name: string;
  path: string;
  init?: RequestInit;
  expected: Expected;
}

const everyone = (status: number, anonymous = 401): Expected => ({
  anonymous,
  viewer: status,
  operator: status,
  admin: status,
});
const only = (roles: Caller[], allowed: number): Expected => ({
  anonymous: 401,
  viewer: roles.includes("viewer") ? allowed : 403,
  operator: roles.includes("operator") ? allowed : 403,
  admin: roles.includes("admin") ? allowed : 403,
});

const routes: RouteCase[] = [
  { name: "GET /api/health (public)", path: "/api/health", expected: everyone(200, 200) },
  { name: "GET /api/live (public)", path: "/api/live", expected: everyone(200, 200) },
  // Not a session route: a scraper's Bearer METRICS_TOKEN (on for this server) or nothing, whoever is signed in.
  { name: "GET /api/metrics (Bearer METRICS_TOKEN)", path: "/api/metrics", expected: everyone(401, 401) },
  { name: "GET /api/backups", path: "/api/backups", expected: everyone(200) },
  { name: "GET /api/servers", path: "/api/servers", expected: everyone(200) },
  { name: "GET /api/events", path: "/api/events", expected: everyone(200) },
  { name: "GET /api/servers/{id}/history", path: "/api/servers/12345/history?days=30", expected: everyone(200) },
  { name: "GET /api/audit", path: "/api/audit", expected: everyone(200) },
  { name: "GET /api/audit/export", path: "/api/audit/export", expected: everyone(200) },
  {
    name: "PUT /api/me/locale (any signed-in user)",
    path: "/api/me/locale",
    init: jsonRequest("PUT", { locale: "fr" }),
    expected: everyone(400),
  },
  {
    name: "POST /api/backups (operator+)",
    path: "/api/backups",
    init: jsonRequest("POST", { server_id: "not a number" }),
    expected: only(["operator", "admin"], 400),
  },
  {
    name: "DELETE /api/backups/{id} (admin)",
    path: "/api/backups/not-an-id",
    init: { method: "DELETE" },
    expected: only(["admin"], 400),
  },
  {
    name: "POST /api/servers/{id}/restore (admin)",
    path: "/api/servers/12345/restore",
    init: jsonRequest("POST", {}),
    expected: only(["admin"], 400),
  },
  { name: "GET /api/freshness-policy", path: "/api/freshness-policy", expected: everyone(200) },
  {
    name: "PUT /api/freshness-policy (admin)",
    path: "/api/freshness-policy",
    init: jsonRequest("PUT", { late_after_hours: 0 }),
    expected: only(["admin"], 400),
  },
  {
    name: "PUT /api/servers/{id}/freshness-policy (admin)",
    path: "/api/servers/12345/freshness-policy",
    init: jsonRequest("PUT", { checks: "no" }),
    expected: only(["admin"], 400),
  },
  {
    name: "DELETE /api/servers/{id}/freshness-policy (admin)",
    path: "/api/servers/not-an-id/freshness-policy",
    init: { method: "DELETE" },
    expected: only(["admin"], 400),
  },
  { name: "GET /api/users (admin)", path: "/api/users", expected: only(["admin"], 200) },
  {
    name: "POST /api/users (admin)",
    path: "/api/users",
    init: jsonRequest("POST", { email: "not an email" }),
    expected: only(["admin"], 400),
  },
  {
    name: "PATCH /api/users/{id} (admin)",
    path: "/api/users/some-user",
    init: jsonRequest("PATCH", {}),
    expected: only(["admin"], 400),
  },
  {
    name: "GET /api/notification-channels (admin)",
    path: "/api/notification-channels",
    expected: only(["admin"], 200),
  },
  {
    name: "POST /api/notification-channels (admin)",
    path: "/api/notification-channels",
    init: jsonRequest("POST", { kind: "pager" }),
    expected: only(["admin"], 400),
  },
  {
    name: "PATCH /api/notification-channels/{id} (admin)",
    path: "/api/notification-channels/not-an-id",
    init: jsonRequest("PATCH", { paused: true }),
    expected: only(["admin"], 400),
  },
  {
    name: "DELETE /api/notification-channels/{id} (admin)",
    path: "/api/notification-channels/not-an-id",
    init: { method: "DELETE" },
    expected: only(["admin"], 400),
  },
  {
    name: "POST /api/notification-channels/{id}/test (admin)",
    path: "/api/notification-channels/not-an-id/test",
    init: jsonRequest("POST", {}),
    expected: only(["admin"], 400),
  },
  {
    name: "GET /api/notification-channels/{id}/deliveries (admin)",
    path: "/api/notification-channels/not-an-id/deliveries",
    expected: only(["admin"], 400),
  },
  {
    name: "POST /api/notification-deliveries/{id}/retry (admin)",
    path: "/api/notification-deliveries/not-an-id/retry",
    init: jsonRequest("POST", {}),
    expected: only(["admin"], 400),
  },
  {
    name: "PUT /api/backups/{id}/protection (whoever may delete: admin)",
    path: "/api/backups/1/protection",
    init: jsonRequest("PUT", { protected: "yes" }),
    expected: only(["admin"], 400),
  },
  { name: "GET /api/schedules", path: "/api/schedules", expected: everyone(200) },
  {
    name: "POST /api/schedules (operator+)",
    path: "/api/schedules",
    init: jsonRequest("POST", { name: "Nightly", cron: "not a cron", all_servers: true }),
    expected: only(["operator", "admin"], 400),
  },
  {
    name: "POST /api/schedules/preview",
    path: "/api/schedules/preview",
    init: jsonRequest("POST", { name: "Nightly", cron: "0 3 * * *", timezone: "Mars/Olympus", all_servers: true }),
    expected: everyone(400),
  },
  { name: "GET /api/schedules/{id}", path: "/api/schedules/not-an-id", expected: everyone(400) },
  {
    name: "PATCH /api/schedules/{id} (operator+)",
    path: "/api/schedules/not-an-id",
    init: jsonRequest("PATCH", { enabled: false }),
    expected: only(["operator", "admin"], 400),
  },
  {
    name: "DELETE /api/schedules/{id} (operator+)",
    path: "/api/schedules/not-an-id",
    init: { method: "DELETE" },
    expected: only(["operator", "admin"], 400),
  },
  { name: "GET /api/schedules/{id}/runs", path: "/api/schedules/not-an-id/runs", expected: everyone(400) },
  // Public, for the first admin: with users in the store and a made-up token it refuses everyone alike.
  {
    name: "POST /api/setup (public)",
    path: "/api/setup",
    init: jsonRequest("POST", {
      token: "made-up",
      email: "x@example.com",
      name: "X",
      password: "long enough password",
    }),
    expected: everyone(403, 403),
  },
];

beforeAll(async () => {
  await resetSimulator();
  await clearRequestLog();
});

afterAll(() => {
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

describe.each(routes)("$name", ({ path, init, expected }) => {
  it.each(callers)("as %s", async (caller) => {
    const result = await apiAs(caller, path, init);
    expect(result.status, `${caller}: ${result.text}`).toBe(expected[caller]);
    if (expected[caller] === 401) expectError(result, "unauthenticated", 401);
    if (expected[caller] === 403 && path !== "/api/setup") {
      const error = expectError(result, "forbidden", 403);
      expect(error.message).toContain(`Your role (${caller})`);
    }
    if (expected[caller] === 400) expectError(result, "invalid_input", 400);
  });
});

describe("the matrix", () => {
  it("let nothing refused reach VPS.org", async () => {
    const mutations = (await upstreamRequests()).filter((request) => request.method !== "GET");
    expect(mutations).toEqual([]);
  });

  it("refuses a viewer's valid create with 403 before asking VPS.org", async () => {
    await clearRequestLog();
    expectError(await apiAs("viewer", "/api/backups", jsonRequest("POST", { server_id: 12345 })), "forbidden", 403);
    expectError(await apiAs("operator", "/api/backups/1", { method: "DELETE" }), "forbidden", 403);
    expectError(
      await apiAs("operator", "/api/servers/12345/restore", jsonRequest("POST", { backup_id: 1 })),
      "forbidden",
      403,
    );
    expect(await upstreamRequests()).toEqual([]);
  });

  it("tells a stranger nothing about the provider in /api/health", async () => {
    const result = await apiAs("anonymous", "/api/health");
    expect(result.body).toMatchObject({ provider: { tokenName: null, permissions: [], account: null, error: null } });
    const signedIn = await apiAs("viewer", "/api/health");
    expect(signedIn.body).toMatchObject({ provider: { tokenName: "backups-dashboard" } });
  });

  it("answers a request with a session cookie that was never issued like one without", async () => {
    const result = await apiAs({ cookie: "vpsdash.session_token=forged.c2lnbmF0dXJl" }, "/api/backups");
    expectError(result, "unauthenticated", 401);
  });
});
