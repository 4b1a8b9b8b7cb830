import type { Caller } from "./helpers";
import { jsonRequest } from "./helpers";

// Who may call what: every /api route × nobody, viewer, operator and admin. A request that would
// change something is sent with an input that the route refuses (400) once it has let the caller
// through, so the table shows the permission check without acting. Run with session cookies
// (access-control.test.ts) and with API keys of each role (api-keys.test.ts).

export type Expected = Record<Caller, number>;
export interface RouteCase {
  name: string;
  path: string;
  init?: RequestInit;
  expected: Expected;
  /** Only from a signed-in browser: an API key is refused with 403 (lib/api/route.ts `sessionOnly`). */
  sessionOnly?: true;
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

export const routes: RouteCase[] = [
  { name: "GET /api/health (public)", path: "/api/health", expected: everyone(200, 200) },
  { name: "GET /api/live (public)", path: "/api/live", expected: everyone(200, 200) },
  // Not a session route: a scraper's Bearer METRICS_TOKEN (on for this server) or nothing, whoever is signed in
  // (an API key is not the metrics token either).
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
    name: "POST /api/backups/bulk-delete (admin)",
    path: "/api/backups/bulk-delete",
    init: jsonRequest("POST", { backup_ids: [] }),
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
  { name: "GET /api/backups/{id}", path: "/api/backups/not-an-id", expected: everyone(400) },
  { name: "GET /api/openapi.json", path: "/api/openapi.json", expected: everyone(200) },
  { name: "GET /api/api-keys", path: "/api/api-keys", expected: everyone(200), sessionOnly: true },
  {
    name: "POST /api/api-keys (anyone signed in, for themselves)",
    path: "/api/api-keys",
    init: jsonRequest("POST", { name: "ci", role: "viewer", expires_in_days: 0 }),
    expected: everyone(400),
    sessionOnly: true,
  },
  {
    name: "DELETE /api/api-keys/{id}",
    path: "/api/api-keys/not-an-id",
    init: { method: "DELETE" },
    expected: everyone(400),
    sessionOnly: true,
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
