import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import { api, clearRequestLog, expectError, jsonRequest, seenResponses, upstreamRequests } from "./helpers";

// A key that names an inherited property (`__proto__`, `constructor`, `toString`…) in a JSON body, at
// any depth, or as a query parameter, is an unknown field like any other: 400 `invalid_input` naming
// it, never a 500, never silently dropped, and VPS.org is not asked.

const reservedNames = [
  "__proto__",
  "constructor",
  "toString",
  "hasOwnProperty",
  "valueOf",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "prototype",
];

/** Every route that reads a JSON body, with a body it would otherwise accept (or refuse later, by its own rules). */
const bodyRoutes = [
  { method: "POST", path: "/api/backups", body: { server_id: 1, description: "x" } },
  { method: "POST", path: "/api/servers/12345/restore", body: { backup_id: 501 } },
  { method: "POST", path: "/api/backups/bulk-delete", body: { backup_ids: [501, 499] } },
  {
    method: "POST",
    path: "/api/users",
    body: { email: "reserved@integration.test", name: "Reserved", password: "a long enough password", role: "viewer" },
  },
  { method: "PATCH", path: "/api/users/no-such-user", body: { role: "viewer" } },
  {
    method: "POST",
    path: "/api/setup",
    body: { token: "not-a-token", email: "setup@integration.test", name: "Setup", password: "a long enough password" },
  },
];

/** Every GET route, the ones with a query schema first. */
const getRoutes = [
  "/api/backups",
  "/api/events",
  "/api/audit",
  "/api/audit/export",
  "/api/servers",
  "/api/users",
  "/api/health",
  "/api/live",
  "/api/metrics",
  "/api/auth/get-session",
  "/api/backups?server_id=1",
  "/api/audit?page=1",
  "/api/events?limit=5",
];

beforeEach(async () => {
  await clearRequestLog();
});

afterAll(() => {
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

/** The JSON text of an object with this key added: JSON.stringify would drop or misplace `__proto__`. */
function withKey(body: Record<string, unknown>, key: string, value: unknown): string {
  return `${JSON.stringify(body).slice(0, -1)},${JSON.stringify(key)}:${JSON.stringify(value)}}`;
}

/** `fields` as it came over the wire (a schema's record would drop a `__proto__` key). */
function rawFields(result: { body: unknown }): Record<string, string[]> {
  return (result.body as { error: { fields: Record<string, string[]> } }).error.fields;
}

function expectUnknownField(result: { status: number; body: unknown }, where: string, name: string) {
  const error = expectError(result, "invalid_input", 400);
  expect(error.message).toContain(`unknown ${where} field: ${name}`);
  const fields = rawFields(result);
  expect(Object.keys(fields)).toEqual([name]);
  expect(fields[name]).toEqual(["is not an accepted field"]);
}

function sendText(method: string, path: string, text: string) {
  return api(path, { method, headers: { "Content-Type": "application/json" }, body: text });
}

describe("a reserved key in a JSON body", () => {
  for (const route of bodyRoutes) {
    it.each(reservedNames)(`${route.method} ${route.path}: refuses %s as an unknown field`, async (name) => {
      const result = await sendText(route.method, route.path, withKey(route.body, name, { role: "admin" }));
      expectUnknownField(result, "body", name);
      expect(await upstreamRequests()).toEqual([]);
    });
  }

  it.each([
    ["POST", "/api/backups", '{"server_id":{"__proto__":{"admin":true}}}', "server_id.__proto__"],
    [
      "POST",
      "/api/backups",
      '{"server_id":1,"description":{"constructor":{"prototype":1}}}',
      "description.constructor",
    ],
    ["POST", "/api/servers/12345/restore", '{"backup_id":[{"toString":1}]}', "backup_id.0.toString"],
    ["POST", "/api/backups/bulk-delete", '{"backup_ids":[501,{"__proto__":{"id":1}}]}', "backup_ids.1.__proto__"],
    ["POST", "/api/users", '{"email":"a@b.test","role":{"valueOf":"admin"}}', "role.valueOf"],
    ["PATCH", "/api/users/no-such-user", '{"role":"viewer","x":{"y":{"hasOwnProperty":1}}}', "x.y.hasOwnProperty"],
    ["POST", "/api/setup", '[{"token":"t","__proto__":{}}]', "0.__proto__"],
    ["POST", "/api/backups", '{"server_id":1,"\\u005f_proto__":{"x":1}}', "__proto__"],
  ])("%s %s: refuses a nested or escaped reserved key (%s)", async (method, path, text, field) => {
    const result = await sendText(method, path, text);
    expect(expectError(result, "invalid_input", 400).message).toContain(field);
    expect(Object.keys(rawFields(result))).toContain(field);
    expect(await upstreamRequests()).toEqual([]);
  });

  it("leaves the server as it was: the next requests are read as usual", async () => {
    await sendText("POST", "/api/backups", '{"__proto__":{"server_id":1,"polluted":true},"server_id":1}');
    expectError(await api("/api/backups?polluted=1"), "invalid_input", 400);
    const list = await api("/api/backups");
    expect(list.status, list.text).toBe(200);
    expect(list.text).not.toContain("polluted");
  });
});

describe("a reserved name as a query parameter", () => {
  for (const path of getRoutes) {
    it.each(reservedNames)(`GET ${path}: refuses %s as an unknown field`, async (name) => {
      const separator = path.includes("?") ? "&" : "?";
      expectUnknownField(await api(`${path}${separator}${encodeURIComponent(name)}=1`), "query", name);
      expect(await upstreamRequests()).toEqual([]);
    });
  }

  it.each(["%5F%5Fproto%5F%5F=1", "constructor=1&constructor=2", "__proto__[admin]=1", "toString="])(
    "refuses ?%s on GET /api/backups",
    async (query) => {
      const error = expectError(await api(`/api/backups?${query}`), "invalid_input", 400);
      expect(error.message).toMatch(/unknown query field/);
      expect(await upstreamRequests()).toEqual([]);
    },
  );

  it("refuses one on a state-changing route too, and on Better Auth's", async () => {
    const result = await api(`/api/backups?__proto__=1`, jsonRequest("POST", { server_id: 1 }));
    expect(expectError(result, "invalid_input", 400).message).toContain("unknown query field: __proto__");
    const signIn = await api(
      "/api/auth/sign-in/email?__proto__=1",
      jsonRequest("POST", { email: "nobody@integration.test", password: "wrong password" }),
    );
    expect(expectError(signIn, "invalid_input", 400).message).toContain("unknown query field: __proto__");
    expect(await upstreamRequests()).toEqual([]);
  });
});
