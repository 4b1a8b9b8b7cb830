import { readFileSync } from "node:fs";
import { afterAll, afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { healthSchema } from "@/lib/health/schemas";
import { CANARY_TOKEN } from "../canary";
import { BREAKER_COOLDOWN_MS } from "./global-setup";
import {
  addFault,
  api,
  clearFaults,
  clearRequestLog,
  expectError,
  postJson,
  seenResponses,
  upstreamRequests,
  waitForClosedCircuit,
} from "./helpers";
import { linesOf } from "../log-lines";

// Each simulator fault becomes the right error envelope, GETs are retried and mutations are not
// (the request log shows it), and the API recovers by itself when the fault ends. This app runs with
// the default 3 attempts per GET, a circuit breaker that opens after 5 failures in a row, and a 1 s cool-down.

const RETRIED_ATTEMPTS = 3;

beforeEach(async () => {
  await clearRequestLog();
});

afterEach(async () => {
  await clearFaults();
  await waitForClosedCircuit();
});

afterAll(() => {
  for (const response of seenResponses) expect(response.body + response.headers).not.toContain(CANARY_TOKEN);
  const log = readFileSync(inject("appLogFile"), "utf8");
  expect(log, "the server log").not.toContain(CANARY_TOKEN);
  expect(log).not.toMatch(/Bearer\s+\S/);
  // The circuit breaker's state in the store (SQLite here) was read and written without a failure.
  expect(linesOf(log, "circuit")).toEqual([]);
});

async function expectRecovered() {
  await clearFaults();
  expect((await api("/api/backups")).status).toBe(200);
}

/** The provider's answers to the first page of the backups list, in order. */
async function firstPageStatuses(): Promise<(number | null)[]> {
  const requests = await upstreamRequests();
  return requests
    .filter((r) => r.method === "GET" && r.path === "/api/v1/backups/" && !r.query.page)
    .map((r) => r.status);
}

async function upstreamCount(method: string): Promise<number> {
  return (await upstreamRequests()).filter((r) => r.method === method).length;
}

describe("provider faults on GET: retried, then the right error", () => {
  it("a 500 that lasts is a 502 provider_unavailable, after every attempt", async () => {
    await addFault({ mode: "error", status: 500, path: "/backups/" });
    const error = expectError(await api("/api/backups"), "provider_unavailable", 502);
    expect(error.message).toMatch(/VPS.org failed \(status 500\)/);
    expect(await firstPageStatuses()).toEqual(Array(RETRIED_ATTEMPTS).fill(500));
    await expectRecovered();
  });

  it("a 500 that passes is retried away: the list is answered", async () => {
    await addFault({ mode: "error", status: 500, path: "/backups/", times: 2 });
    expect((await api("/api/backups")).status).toBe(200);
    expect(await firstPageStatuses()).toEqual([500, 500, 200]);
  });

  it("a dropped connection is retried, then a 502", async () => {
    await addFault({ mode: "drop", path: "/backups/" });
    expectError(await api("/api/backups"), "provider_unavailable", 502);
    expect(await firstPageStatuses()).toHaveLength(RETRIED_ATTEMPTS);
    await expectRecovered();
  });

  it("a 429 whose Retry-After fits the retry budget is waited out and retried", async () => {
    await addFault({ mode: "rate_limit", retry_after: 1, path: "/backups/", times: 1 });
    const started = Date.now();
    expect((await api("/api/backups")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await firstPageStatuses()).toEqual([429, 200]);
  });

  it("a 429 whose Retry-After exceeds the budget is a 429 at once, with the provider's Retry-After", async () => {
    await addFault({ mode: "rate_limit", retry_after: 42, path: "/backups/" });
    const result = await api("/api/backups");
    expectError(result, "rate_limited", 429);
    expect(result.headers.get("retry-after")).toBe("42");
    expect(await firstPageStatuses()).toEqual([429]);
    await expectRecovered();
  });

  it("malformed JSON is a 502, not retried", async () => {
    await addFault({ mode: "malformed", path: "/backups/" });
    const error = expectError(await api("/api/backups"), "provider_unavailable", 502);
    expect(error.message).toMatch(/not valid JSON/);
    expect(await firstPageStatuses()).toHaveLength(1);
    await expectRecovered();
  });

  it("latency beyond VPSORG_TIMEOUT_MS is a 504, not retried", async () => {
    await addFault({ mode: "latency", latency_ms: 4000, path: "/backups/" });
    const error = expectError(await api("/api/backups"), "provider_timeout", 504);
    expect(error.message).toMatch(/did not answer/);
    expect(await firstPageStatuses()).toHaveLength(1);
    await expectRecovered();
  });
});

describe("provider faults on POST and DELETE: never retried once they may have reached VPS.org", () => {
  it("a 500 to a create is a 502 after exactly one POST", async () => {
    await addFault({ mode: "error", status: 500, method: "POST", path: "/backups/" });
    expectError(await postJson("/api/backups", { server_id: 12345 }), "provider_unavailable", 502);
    expect(await upstreamCount("POST")).toBe(1);
  });

  it("a dropped create is a 502 after exactly one POST, saying the backup may exist", async () => {
    await addFault({ mode: "drop", method: "POST", path: "/backups/" });
    const error = expectError(await postJson("/api/backups", { server_id: 12345 }), "provider_unavailable", 502);
    expect(error.message).toMatch(/may have been created anyway: check the list/);
    expect(await upstreamCount("POST")).toBe(1);
  });

  it("a 503 to a delete is a 502 after exactly one DELETE", async () => {
    await addFault({ mode: "error", status: 503, method: "DELETE" });
    expectError(await api("/api/backups/1", { method: "DELETE" }), "provider_unavailable", 502);
    expect(await upstreamCount("DELETE")).toBe(1);
  });

  it("a rejected token is a 502 that says it is the server's token", async () => {
    await addFault({ mode: "error", status: 401, path: "/backups/" });
    const error = expectError(await postJson("/api/backups", { server_id: 12345 }), "provider_token_rejected", 502);
    expect(error.message).toMatch(/the VPS.org token configured on the server was rejected/i);
    await expectRecovered();
  });
});

describe("health", () => {
  it("reports a provider that fails", async () => {
    await addFault({ mode: "error", status: 503, path: "/account/me/" });
    const result = await api("/api/health");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({
      status: "degraded",
      provider: { reachable: true, tokenAccepted: null, circuit: "closed", retryAt: null },
    });
  });

  it("reports a rejected token", async () => {
    await addFault({ mode: "error", status: 401, path: "/account/me/" });
    expect((await api("/api/health")).body).toMatchObject({ status: "degraded", provider: { tokenAccepted: false } });
  });
});

describe("VPS.org down: the circuit breaker", () => {
  it("stops calling it after 5 failures in a row, fails fast saying when it will try again, and recovers by itself", async () => {
    await addFault({ mode: "error", status: 503 }); // every request, no end: VPS.org is down
    expectError(await api("/api/backups"), "provider_unavailable", 502); // 3 failed attempts
    expectError(await api("/api/backups"), "provider_unavailable", 502); // 2 more: the circuit opens
    expect(await firstPageStatuses()).toHaveLength(5);

    await clearRequestLog();
    const started = Date.now();
    const fast = await api("/api/backups");
    expect(Date.now() - started).toBeLessThan(500);
    const error = expectError(fast, "provider_unavailable", 502);
    expect(error.message).toMatch(/VPS.org appears to be down \(5 failed requests in a row\).*will try again in 1 s/);
    expect(fast.headers.get("retry-after")).toBe("1");
    expectError(await postJson("/api/backups", { server_id: 12345 }), "provider_unavailable", 502);

    const health = healthSchema.parse((await api("/api/health")).body);
    expect(health).toMatchObject({ status: "degraded", provider: { reachable: false, circuit: "open" } });
    const retryAt = Date.parse(health.provider.retryAt ?? "");
    expect(retryAt).toBeGreaterThan(Date.now());
    expect(retryAt - Date.now()).toBeLessThanOrEqual(BREAKER_COOLDOWN_MS);
    expect(await upstreamRequests(), "nothing reaches VPS.org while the circuit is open").toEqual([]);

    await clearFaults(); // VPS.org is back
    await new Promise((resolve) => setTimeout(resolve, retryAt - Date.now() + 50));
    expect((await api("/api/backups")).status).toBe(200); // the half-open probe, which closes the circuit
    expect((await api("/api/health")).body).toMatchObject({
      status: "ok",
      provider: { circuit: "closed", retryAt: null },
    });
  });
});
