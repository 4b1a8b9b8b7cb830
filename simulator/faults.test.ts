import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

import { type TestSimulator, json, startTestSimulator } from "./test-client";

let sim: TestSimulator;
beforeAll(async () => {
  sim = await startTestSimulator();
});
afterAll(() => sim.close());
beforeEach(async () => {
  await sim.control("/reset", { method: "POST" });
});

async function addFault(spec: Record<string, unknown>): Promise<{ id: number }> {
  const res = await sim.control("/faults", { method: "POST", body: spec });
  expect(res.status).toBe(201);
  return json<{ id: number }>(res);
}

describe("fault injection", () => {
  it("error: answers the status with a DRF detail, 500 by default", async () => {
    const { id } = await addFault({ mode: "error" });
    expect(id).toEqual(expect.any(Number));
    let res = await sim.api("/backups/");
    expect(res.status).toBe(500);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await json(res)).toEqual({ detail: "Internal server error." });

    await sim.control("/faults", { method: "DELETE" });
    await addFault({ mode: "error", status: 503 });
    res = await sim.api("/servers/");
    expect(res.status).toBe(503);
    expect(await json<{ detail: string }>(res)).toEqual({ detail: expect.any(String) });
  });

  it("faults apply before authentication and routing", async () => {
    await addFault({ mode: "error", status: 502 });
    expect((await sim.api("/backups/", { token: null })).status).toBe(502);
    expect((await sim.api("/no-such-thing/")).status).toBe(502);
  });

  it("rate_limit: 429 with Retry-After", async () => {
    await addFault({ mode: "rate_limit", retry_after: 7, times: 1 });
    const res = await sim.api("/backups/");
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await json(res)).toEqual({ detail: "Request was throttled. Expected available in 7 seconds." });
    expect((await sim.api("/backups/")).status).toBe(200);
  });

  it("rate_limit defaults to 30 seconds", async () => {
    await addFault({ mode: "rate_limit" });
    const res = await sim.api("/backups/");
    expect(res.headers.get("retry-after")).toBe("30");
  });

  it("malformed: 200 with JSON content type and a truncated body", async () => {
    await addFault({ mode: "malformed" });
    const res = await sim.api("/backups/");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/json");
    const text = await res.text();
    expect(text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(text) as unknown).toThrow();
  });

  it("drop: closes the connection without an answer", async () => {
    await addFault({ mode: "drop", times: 1 });
    await expect(sim.api("/backups/")).rejects.toThrow();
    expect((await sim.api("/backups/")).status).toBe(200);
  });

  it("latency: delays, then answers normally", async () => {
    await addFault({ mode: "latency", latency_ms: 150, times: 1 });
    const started = Date.now();
    const res = await sim.api("/backups/");
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(res.status).toBe(200);
    // Used up after one request.
    expect(await json(await sim.control("/faults"))).toEqual({ faults: [] });
  });

  it("latency combines with a terminal fault", async () => {
    await addFault({ mode: "latency", latency_ms: 100 });
    await addFault({ mode: "error", status: 500 });
    const started = Date.now();
    expect((await sim.api("/backups/")).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it("times: applies to that many matching requests, then disappears", async () => {
    await addFault({ mode: "error", times: 2 });
    expect((await sim.api("/backups/")).status).toBe(500);
    expect(await json(await sim.control("/faults"))).toEqual({
      faults: [expect.objectContaining({ mode: "error", remaining: 1 })],
    });
    expect((await sim.api("/backups/")).status).toBe(500);
    expect((await sim.api("/backups/")).status).toBe(200);
    expect(await json(await sim.control("/faults"))).toEqual({ faults: [] });
  });

  it("matches on method and path prefix", async () => {
    await addFault({ mode: "error", status: 503, method: "post", path: "/backups/" });
    expect((await sim.api("/backups/")).status).toBe(200);
    expect((await sim.api("/servers/12345/restore/", { method: "POST", body: {} })).status).toBe(400);
    expect((await sim.api("/backups/", { method: "POST", body: { server_id: 12345 } })).status).toBe(503);

    await sim.control("/faults", { method: "DELETE" });
    await addFault({ mode: "error", path: "/servers/" });
    expect((await sim.api("/servers/")).status).toBe(500);
    expect((await sim.api("/servers/12345/restore/", { method: "POST", body: {} })).status).toBe(500);
    expect((await sim.api("/backups/")).status).toBe(200);
  });

  it("the first matching terminal fault wins and only it is consumed", async () => {
    await addFault({ mode: "rate_limit", times: 1 });
    await addFault({ mode: "error", times: 1 });
    expect((await sim.api("/backups/")).status).toBe(429);
    expect((await sim.api("/backups/")).status).toBe(500);
    expect((await sim.api("/backups/")).status).toBe(200);
  });

  it("does not touch the control endpoint", async () => {
    await addFault({ mode: "drop" });
    expect((await sim.control("/faults")).status).toBe(200);
  });

  it("logs faulted requests", async () => {
    await addFault({ mode: "error", times: 1 });
    await addFault({ mode: "drop", times: 1, path: "/servers/" });
    await sim.api("/backups/?server_id=1");
    await sim.api("/servers/").catch(() => undefined);
    const { requests } = await json<{
      requests: { path: string; status: number | null; query: Record<string, string> }[];
    }>(await sim.control("/requests"));
    expect(requests).toEqual([
      expect.objectContaining({ path: "/api/v1/backups/", status: 500, query: { server_id: "1" } }),
      expect.objectContaining({ path: "/api/v1/servers/", status: null }),
    ]);
  });

  it("lists, deletes one, and clears faults", async () => {
    const a = await addFault({ mode: "latency", latency_ms: 1, method: "GET", path: "/backups/" });
    const b = await addFault({ mode: "error", status: 502 });
    expect(await json(await sim.control("/faults"))).toEqual({
      faults: [
        {
          id: a.id,
          mode: "latency",
          latency_ms: 1,
          status: null,
          retry_after: null,
          remaining: null,
          method: "GET",
          path: "/backups/",
        },
        {
          id: b.id,
          mode: "error",
          latency_ms: null,
          status: 502,
          retry_after: null,
          remaining: null,
          method: null,
          path: null,
        },
      ],
    });
    expect((await sim.control(`/faults/${b.id}`, { method: "DELETE" })).status).toBe(204);
    expect((await sim.control(`/faults/${b.id}`, { method: "DELETE" })).status).toBe(404);
    expect((await json<{ faults: unknown[] }>(await sim.control("/faults"))).faults).toHaveLength(1);
    expect((await sim.control("/faults", { method: "DELETE" })).status).toBe(204);
    expect(await json(await sim.control("/faults"))).toEqual({ faults: [] });
  });

  it.each([
    [{ mode: "explode" }, "mode"],
    [{}, "mode"],
    [{ mode: "error", status: 200 }, "status"],
    [{ mode: "error", times: 0 }, "times"],
    [{ mode: "latency", latency_ms: -1 }, "latency_ms"],
    [{ mode: "error", path: "backups/" }, "path"],
    [{ mode: "error", colour: "red" }, "non_field_errors"],
  ])("refuses the invalid fault %j", async (spec, field) => {
    const res = await sim.control("/faults", { method: "POST", body: spec });
    expect(res.status).toBe(400);
    expect(Object.keys(await json(res))).toContain(field);
  });

  it("reset clears faults", async () => {
    await addFault({ mode: "error" });
    await sim.control("/reset", { method: "POST" });
    expect((await sim.api("/backups/")).status).toBe(200);
  });
});

describe("close with pending faults", () => {
  it("resolves promptly while a latency fault holds a request", async () => {
    const other = await startTestSimulator();
    await other.control("/faults", { method: "POST", body: { mode: "latency", latency_ms: 60_000 } });
    const pending = other.api("/backups/").catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await other.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
