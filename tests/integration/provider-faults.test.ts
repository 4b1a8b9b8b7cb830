import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, inject, it } from "vitest";
import { CANARY_TOKEN } from "../canary";
import { addFault, api, clearFaults, expectError, postJson, seenResponses } from "./helpers";

// Each simulator fault becomes the right error envelope, and the next request after it works.

afterEach(async () => {
  await clearFaults();
});

afterAll(() => {
  for (const response of seenResponses) expect(response.body + response.headers).not.toContain(CANARY_TOKEN);
  const log = readFileSync(inject("appLogFile"), "utf8");
  expect(log, "the server log").not.toContain(CANARY_TOKEN);
  expect(log).not.toMatch(/Bearer\s+\S/);
});

async function expectRecovered() {
  await clearFaults();
  expect((await api("/api/backups")).status).toBe(200);
}

describe("provider faults", () => {
  it("a 500 is a 502 provider_unavailable", async () => {
    await addFault({ mode: "error", status: 500, path: "/backups/" });
    const error = expectError(await api("/api/backups"), "provider_unavailable", 502);
    expect(error.message).toMatch(/VPS.org failed \(status 500\)/);
    await expectRecovered();
  });

  it("a 429 is a 429 with the provider's Retry-After", async () => {
    await addFault({ mode: "rate_limit", retry_after: 42, path: "/backups/" });
    const result = await api("/api/backups");
    expectError(result, "rate_limited", 429);
    expect(result.headers.get("retry-after")).toBe("42");
    await expectRecovered();
  });

  it("malformed JSON is a 502", async () => {
    await addFault({ mode: "malformed", path: "/backups/" });
    const error = expectError(await api("/api/backups"), "provider_unavailable", 502);
    expect(error.message).toMatch(/not valid JSON/);
    await expectRecovered();
  });

  it("a dropped connection is a 502", async () => {
    await addFault({ mode: "drop", path: "/backups/" });
    expectError(await api("/api/backups"), "provider_unavailable", 502);
    await expectRecovered();
  });

  it("latency beyond VPSORG_TIMEOUT_MS is a 504", async () => {
    await addFault({ mode: "latency", latency_ms: 4000, path: "/backups/" });
    const error = expectError(await api("/api/backups"), "provider_timeout", 504);
    expect(error.message).toMatch(/did not answer/);
    await expectRecovered();
  });

  it("a rejected token is a 502 that says it is the server's token", async () => {
    await addFault({ mode: "error", status: 401, path: "/backups/" });
    const error = expectError(await postJson("/api/backups", { server_id: 12345 }), "provider_token_rejected", 502);
    expect(error.message).toMatch(/the VPS.org token configured on the server was rejected/i);
    await expectRecovered();
  });

  it("health reports a provider that fails", async () => {
    await addFault({ mode: "error", status: 503, path: "/account/me/" });
    const result = await api("/api/health");
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ status: "degraded", provider: { reachable: true, tokenAccepted: null } });
  });

  it("health reports a rejected token", async () => {
    await addFault({ mode: "error", status: 401, path: "/account/me/" });
    expect((await api("/api/health")).body).toMatchObject({ status: "degraded", provider: { tokenAccepted: false } });
  });
});
