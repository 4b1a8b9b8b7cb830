import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { type TestSimulator, json, startTestSimulator } from "./test-client";

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());

describe("authentication", () => {
  it("refuses a request without credentials", async () => {
    const res = await sim.api("/backups/", { token: null });
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain("Bearer");
    expect(await json(res)).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("treats another auth scheme as no credentials", async () => {
    const res = await sim.api("/backups/", { token: null, headers: { Authorization: "Basic dXNlcjpwYXNz" } });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ detail: "Authentication credentials were not provided." });
  });

  it("refuses a wrong token", async () => {
    const res = await sim.api("/backups/", { token: "vps_wrong" });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ detail: "Invalid token." });
  });

  it("refuses a Bearer header without a token", async () => {
    const res = await sim.api("/servers/", { token: null, headers: { Authorization: "Bearer" } });
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ detail: "Invalid token." });
  });

  it("accepts the token, case-insensitively for the scheme", async () => {
    const res = await sim.api("/account/me/", { token: null, headers: { Authorization: `bearer ${sim.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
  });

  it("uses a custom token", async () => {
    const other = await startTestSimulator({ token: "vps_custom" });
    try {
      expect(other.token).toBe("vps_custom");
      expect((await other.api("/backups/")).status).toBe(200);
      expect((await other.api("/backups/", { token: "vps_simulator_dev_token" })).status).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe("routing", () => {
  it("exposes the base URLs", () => {
    expect(sim.url).toBe(`http://127.0.0.1:${sim.port}`);
    expect(sim.apiUrl).toBe(`${sim.url}/api/v1`);
    expect(sim.port).toBeGreaterThan(0);
  });

  it.each([
    "/backups",
    "/servers",
    "/account/me",
    "/servers/12345/restore",
    "/backups/401",
    "/nope/",
    "",
    "/backups/abc/",
  ])("answers 404 for %j, before authentication", async (path) => {
    const res = await sim.api(path, { token: null });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await json(res)).toEqual({ detail: "Not found." });
  });

  it("answers 404 outside /api/v1 and /__control", async () => {
    for (const path of ["/", "/api/v1x/backups/", "/favicon.ico"]) {
      const res = await fetch(`${sim.url}${path}`);
      expect(res.status).toBe(404);
      expect(await json(res)).toEqual({ detail: "Not found." });
    }
  });

  it("answers 405 with Allow for a wrong method, after authentication", async () => {
    const res = await sim.api("/backups/", { method: "PUT", body: {} });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("GET, HEAD, POST");
    expect(await json(res)).toEqual({ detail: 'Method "PUT" not allowed.' });

    const unauthenticated = await sim.api("/backups/", { method: "PATCH", token: null });
    expect(unauthenticated.status).toBe(401);

    const del = await sim.api("/servers/12345/restore/", { method: "GET" });
    expect(del.status).toBe(405);
    expect(await json(del)).toEqual({ detail: 'Method "GET" not allowed.' });
  });

  it("serves HEAD like GET without a body", async () => {
    const res = await sim.api("/servers/", { method: "HEAD" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
  });

  it("refuses bodies over 1 MiB with 413", async () => {
    const res = await sim.api("/backups/", {
      method: "POST",
      body: { server_id: 12345, description: "x".repeat(1024 * 1024) },
    });
    expect(res.status).toBe(413);
    expect(await json(res)).toEqual({ detail: "Request body too large." });
    const control = await sim.control("/config", { method: "POST", body: { permissions: ["x".repeat(1024 * 1024)] } });
    expect(control.status).toBe(413);
  });

  it("closes promptly even with keep-alive connections open", async () => {
    const other = await startTestSimulator();
    await other.api("/backups/");
    await other.api("/servers/");
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    await other.close(); // idempotent
    await expect(fetch(`${other.apiUrl}/backups/`)).rejects.toThrow();
  });
});
