import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Role } from "@/lib/auth/roles";
import { apiKeyListSchema, createdApiKeySchema, type CreatedApiKey } from "@/lib/api-keys/schemas";
import { listedBackupSchema } from "@/lib/backups/schemas";
import { CANARIES } from "../canary";
import { withStore } from "../store-under-test";
import { API_KEY_LIMIT } from "./global-setup";
import {
  addUser,
  api,
  apiAs,
  appUrl,
  eventually,
  expectError,
  jsonRequest,
  resetSimulator,
  seenResponses,
  send,
  serverWithRoom,
  sessionCookie,
  signedInCookie,
  upstreamRequests,
  clearRequestLog,
} from "./helpers";
import { routes } from "./role-matrix";

// Personal API keys over HTTP: made and revoked with a session, used with `Authorization: Bearer`.
// The role matrix holds for a key of each role as for a session of that role; a key never acts above
// its owner's current role; a revoked or expired key, or a disabled owner's, is a 401; a key and a
// cookie together are refused; the audit log names the key; each key is limited per minute.

const roles: Role[] = ["viewer", "operator", "admin"];

/** Makes a key with a session cookie, as the settings page does. */
async function makeKey(
  cookie: string,
  input: { name?: string; role: Role; expires_in_days?: number },
): Promise<CreatedApiKey> {
  const result = await apiAs(
    { cookie },
    "/api/api-keys",
    jsonRequest("POST", { name: `key-${randomUUID().slice(0, 8)}`, ...input }),
  );
  expect(result.status, result.text).toBe(201);
  return createdApiKeySchema.parse(result.body);
}

/** A request as a script sends it: the key, no cookie, no Origin. */
function withKey(key: string, path: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  return send(`${appUrl()}${path}`, { ...init, headers });
}

const keysOfRole = new Map<Role, CreatedApiKey>();

beforeAll(async () => {
  await resetSimulator();
  for (const role of roles) keysOfRole.set(role, await makeKey(await sessionCookie(role), { role }));
});

afterAll(() => {
  for (const response of seenResponses)
    for (const canary of CANARIES) expect(response.body + response.headers).not.toContain(canary);
});

// Public routes do not look at credentials: a key changes nothing there.
const signedInRoutes = routes.filter((route) => route.expected.anonymous === 401);

describe.each(signedInRoutes)("with a key: $name", ({ path, init, expected, sessionOnly }) => {
  it.each(roles)("of a %s", async (role) => {
    const result = await withKey(keysOfRole.get(role)!.key, path, init);
    if (sessionOnly) {
      const error = expectError(result, "forbidden", 403);
      expect(error.message).toContain("API keys cannot do this");
      return;
    }
    expect(result.status, `${role}: ${result.text}`).toBe(expected[role]);
    if (expected[role] === 403 && path !== "/api/setup") {
      expect(expectError(result, "forbidden", 403).message).toContain(`Your role (${role})`);
    }
    if (expected[role] === 400) expectError(result, "invalid_input", 400);
  });
});

describe("making a key", () => {
  it("answers the key once; the list and the store hold only its first characters and a hash", async () => {
    const cookie = await sessionCookie("operator");
    const created = await makeKey(cookie, { name: "ci-deploy", role: "operator" });
    expect(created.key).toMatch(/^vbk_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);
    expect(created).toMatchObject({ name: "ci-deploy", role: "operator", status: "active", last_used_at: null });
    // 90 days unless told otherwise.
    const days = (Date.parse(created.expires_at) - Date.parse(created.created_at)) / 86_400_000;
    expect(days).toBe(90);

    const list = await apiAs({ cookie }, "/api/api-keys");
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(created.key);
    const listed = apiKeyListSchema.parse(list.body).results.find((key) => key.id === created.id);
    expect(listed).toMatchObject({ name: "ci-deploy", prefix: created.prefix, status: "active" });
    expect(listed).not.toHaveProperty("key");

    const rows = await withStore(inject("appDatabaseUrl"), (store) =>
      store.query<Record<string, unknown>>("SELECT * FROM api_key WHERE id = ?", [created.id]),
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0])).not.toContain(created.key);
    expect(rows[0]!.key_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a role above the maker's own, and an expiry outside 1–365 days, changing nothing", async () => {
    const viewer = await sessionCookie("viewer");
    const before = apiKeyListSchema.parse((await apiAs({ cookie: viewer }, "/api/api-keys")).body).results.length;
    for (const role of ["operator", "admin"]) {
      const refused = await apiAs({ cookie: viewer }, "/api/api-keys", jsonRequest("POST", { name: "up", role }));
      expect(expectError(refused, "forbidden", 403).message).toContain("at most your own");
    }
    const operator = await sessionCookie("operator");
    expectError(
      await apiAs({ cookie: operator }, "/api/api-keys", jsonRequest("POST", { name: "up", role: "admin" })),
      "forbidden",
      403,
    );
    for (const expires_in_days of [0, 366, 1.5, "30"]) {
      const refused = await apiAs(
        { cookie: viewer },
        "/api/api-keys",
        jsonRequest("POST", { name: "bad", role: "viewer", expires_in_days }),
      );
      expect(expectError(refused, "invalid_input", 400).message).toContain("expires_in_days");
    }
    expectError(
      await apiAs({ cookie: viewer }, "/api/api-keys", jsonRequest("POST", { name: "  ", role: "viewer" })),
      "invalid_input",
      400,
    );
    const after = apiKeyListSchema.parse((await apiAs({ cookie: viewer }, "/api/api-keys")).body).results.length;
    expect(after).toBe(before);
  });

  it("is on record, and so is revoking", async () => {
    const cookie = await sessionCookie("operator");
    const created = await makeKey(cookie, { name: "audited-key", role: "viewer" });
    expect((await apiAs({ cookie }, `/api/api-keys/${created.id}`, { method: "DELETE" })).status).toBe(200);
    const descriptions: string[] = [];
    for (const action of ["api_key.create", "api_key.revoke"]) {
      const audit = await api(`/api/audit?action=${action}&page_size=100`);
      expect(audit.status, audit.text).toBe(200);
      const { entries } = audit.body as { entries: { action: string; target: { description: string | null } }[] };
      descriptions.push(
        ...entries.filter((entry) => entry.target.description?.startsWith("audited-key")).map((entry) => entry.action),
      );
    }
    expect(descriptions.sort()).toEqual(["api_key.create", "api_key.revoke"]);
  });
});

describe("acting with a key", () => {
  it("creates a backup as its owner without the same-origin check, names the key in the audit log, and can wait for it", async () => {
    const key = await makeKey(await sessionCookie("operator"), { name: "ci-deploy", role: "operator" });
    const serverId = await serverWithRoom();
    const idempotencyKey = randomUUID();
    const create = () =>
      withKey(key.key, "/api/backups", {
        ...jsonRequest(
          "POST",
          { server_id: serverId, description: "before deploy" },
          { "Idempotency-Key": idempotencyKey },
        ),
        // A browser on another site would send this; a key is not a browser's cookie, so it does not matter.
        headers: {
          "Content-Type": "application/json",
          "Idempotency-Key": idempotencyKey,
          Origin: "https://elsewhere.example",
        },
      });
    const first = await create();
    expect(first.status, first.text).toBe(201);
    const backupId = (first.body as { id: number }).id;
    // The same Idempotency-Key again: the same answer, no second backup.
    const again = await create();
    expect(again.status).toBe(201);
    expect((again.body as { id: number }).id).toBe(backupId);

    const completed = await eventually("the backup completes", async () => {
      const result = await withKey(key.key, `/api/backups/${backupId}`);
      expect(result.status, result.text).toBe(200);
      const backup = listedBackupSchema.parse(result.body);
      return backup.status === "completed" ? backup : undefined;
    });
    expect(completed).toMatchObject({ id: backupId, server: { id: serverId }, description: "before deploy" });

    const audit = await api(`/api/audit?action=backup.create&backup_id=${backupId}`);
    expect(audit.status, audit.text).toBe(200);
    const entries = (audit.body as { entries: { outcome: string; actor: { email: string }; via: unknown }[] }).entries;
    expect(entries.length).toBeGreaterThanOrEqual(1);
    for (const entry of entries) {
      expect(entry.via).toEqual({ kind: "api_key", id: String(key.id), name: "ci-deploy" });
      expect(entry.actor.email).toBe(key.owner.email);
    }
    const listed = apiKeyListSchema
      .parse((await apiAs("operator", "/api/api-keys")).body)
      .results.find((entry) => entry.id === key.id);
    expect(listed?.last_used_at).not.toBeNull();
  });

  it("answers 404 for a backup that is not in the account", async () => {
    expectError(await withKey(keysOfRole.get("viewer")!.key, "/api/backups/987654321"), "not_found", 404);
  });

  it("refuses a key together with a session cookie", async () => {
    const cookie = await sessionCookie("admin");
    const result = await send(`${appUrl()}/api/backups`, {
      headers: { authorization: `Bearer ${keysOfRole.get("viewer")!.key}`, cookie },
    });
    expectError(result, "ambiguous_credentials", 400);
  });

  it("refuses a malformed Authorization header and a key that is not one", async () => {
    for (const authorization of ["Basic abc", "Bearer", `Bearer vbk_${"x".repeat(43)}`, "Bearer sk_live_123"]) {
      const result = await send(`${appUrl()}/api/backups`, { headers: { authorization } });
      expectError(result, "unauthenticated", 401);
    }
  });

  it("never acts above its owner's current role, and stops with a disabled owner", async () => {
    const person = await addUser("operator", appUrl(), "demoted");
    const cookie = await signedInCookie(person.email, person.password);
    const key = await makeKey(cookie, { role: "operator" });
    await clearRequestLog();
    // Demoted to viewer: the operator key acts as a viewer.
    expect((await api(`/api/users/${person.id}`, jsonRequest("PATCH", { role: "viewer" }))).status).toBe(200);
    const refused = await withKey(key.key, "/api/backups", jsonRequest("POST", { server_id: 12345 }));
    expect(expectError(refused, "forbidden", 403).message).toContain("Your role (viewer)");
    expect((await withKey(key.key, "/api/backups")).status).toBe(200);
    // Disabled: the key is refused altogether.
    expect((await api(`/api/users/${person.id}`, jsonRequest("PATCH", { disabled: true }))).status).toBe(200);
    expect(expectError(await withKey(key.key, "/api/backups"), "unauthenticated", 401).message).toContain("disabled");
    expect((await upstreamRequests()).filter((request) => request.method !== "GET")).toEqual([]);
  });
});

describe("a key that no longer works", () => {
  it("is refused at once when revoked, saying so", async () => {
    const cookie = await sessionCookie("viewer");
    const key = await makeKey(cookie, { name: "short-lived", role: "viewer" });
    expect((await withKey(key.key, "/api/backups")).status).toBe(200);
    const revoked = await apiAs({ cookie }, `/api/api-keys/${key.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: "revoked", revoked_by: key.owner.email });
    expect(expectError(await withKey(key.key, "/api/backups"), "unauthenticated", 401).message).toContain("revoked");
    // Revoking again changes nothing.
    expect((await apiAs({ cookie }, `/api/api-keys/${key.id}`, { method: "DELETE" })).status).toBe(200);
  });

  it("is refused once expired, and listed as expired", async () => {
    const cookie = await sessionCookie("viewer");
    const key = await makeKey(cookie, { role: "viewer", expires_in_days: 1 });
    await withStore(inject("appDatabaseUrl"), (store) =>
      store.query("UPDATE api_key SET expires_at = ? WHERE id = ?", [
        new Date(Date.now() - 1000).toISOString(),
        key.id,
      ]),
    );
    expect(expectError(await withKey(key.key, "/api/backups"), "unauthenticated", 401).message).toContain("expired");
    const listed = apiKeyListSchema
      .parse((await apiAs({ cookie }, "/api/api-keys")).body)
      .results.find((entry) => entry.id === key.id);
    expect(listed?.status).toBe("expired");
  });
});

describe("whose keys", () => {
  it("lists and revokes one's own; an admin sees and revokes everyone's", async () => {
    const operatorCookie = await sessionCookie("operator");
    const operatorKey = await makeKey(operatorCookie, { name: "operators-own", role: "viewer" });
    const adminKey = await makeKey(await sessionCookie("admin"), { name: "admins-own", role: "viewer" });

    const operatorList = apiKeyListSchema.parse(
      (await apiAs({ cookie: operatorCookie }, "/api/api-keys")).body,
    ).results;
    expect(operatorList.map((key) => key.id)).toContain(operatorKey.id);
    expect(operatorList.map((key) => key.id)).not.toContain(adminKey.id);
    expectError(
      await apiAs({ cookie: operatorCookie }, `/api/api-keys/${adminKey.id}`, { method: "DELETE" }),
      "not_found",
      404,
    );
    expect((await withKey(adminKey.key, "/api/backups")).status).toBe(200);

    const adminList = apiKeyListSchema.parse((await api("/api/api-keys")).body).results;
    expect(adminList.map((key) => key.id)).toEqual(expect.arrayContaining([operatorKey.id, adminKey.id]));
    const revoked = await api(`/api/api-keys/${operatorKey.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expectError(await withKey(operatorKey.key, "/api/backups"), "unauthenticated", 401);
  });
});

describe("the per-key limit", () => {
  it(`answers 429 with Retry-After after ${API_KEY_LIMIT} requests a minute, for that key only`, async () => {
    const cookie = await sessionCookie("viewer");
    const busy = await makeKey(cookie, { name: "busy", role: "viewer" });
    const quiet = await makeKey(cookie, { name: "quiet", role: "viewer" });
    // A fixed window of a minute: start just after one begins, so the burst stays inside it.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((resolve) => setTimeout(resolve, 60_500 - intoMinute));
    const statuses: number[] = [];
    for (let i = 0; i < API_KEY_LIMIT; i++) statuses.push((await withKey(busy.key, "/api/schedules")).status);
    expect(statuses.every((status) => status === 200)).toBe(true);
    const limited = await withKey(busy.key, "/api/schedules");
    expectError(limited, "rate_limited", 429);
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await withKey(quiet.key, "/api/schedules")).status).toBe(200);
  });
});
