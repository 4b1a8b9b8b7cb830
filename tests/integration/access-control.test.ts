import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CANARIES } from "../canary";
import { routes } from "./role-matrix";
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
      await apiAs("operator", "/api/backups/bulk-delete", jsonRequest("POST", { backup_ids: [1] })),
      "forbidden",
      403,
    );
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
