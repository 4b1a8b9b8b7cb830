import { describe, expect, it } from "vitest";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { upstreamBackupSchema } from "@/lib/vpsorg/schemas";
import { createVpsorgTransport } from "@/lib/vpsorg/transport";

const BASE = "https://admin.vps.org/api/v1";
const TOKEN = "vps_unit_test_token";

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

function transportWith(handler: Handler, options: { timeoutMs?: number; maxPages?: number } = {}) {
  const calls: { url: URL; init: RequestInit }[] = [];
  const fakeFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    calls.push({ url, init });
    return handler(url, init);
  }) as typeof fetch;
  // Retries (see transport-resilience.test.ts) do not wait here.
  const sleep = async () => {};
  const transport = createVpsorgTransport({
    baseUrl: BASE,
    token: TOKEN,
    timeoutMs: options.timeoutMs ?? 1000,
    maxPages: options.maxPages,
    fetch: fakeFetch,
    sleep,
  });
  return { transport, calls };
}

const jsonResponse = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

function backup(id: number, created = "2025-01-16T03:00:00Z") {
  return {
    id,
    server: { id: 1, name: "web" },
    backup_type: "manual",
    status: "completed",
    size_mb: 10,
    created_at: created,
    expires_at: null,
    description: "",
  };
}

async function failure(promise: Promise<unknown>): Promise<VpsorgError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof VpsorgError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("requests", () => {
  it("sends the Bearer token, keeps the trailing slash and sends JSON bodies", async () => {
    const { transport, calls } = transportWith(() => jsonResponse({ ok: true }, 201));
    await transport.send({ method: "POST", path: "/backups/", body: { server_id: 1 } });
    const [call] = calls;
    expect(call?.url.href).toBe(`${BASE}/backups/`);
    const headers = new Headers(call?.init.headers);
    expect(headers.get("authorization")).toBe(`Bearer ${TOKEN}`);
    expect(headers.get("content-type")).toBe("application/json");
    expect(call?.init.body).toBe('{"server_id":1}');
  });

  it("puts defined query values in the URL and leaves undefined ones out", async () => {
    const { transport, calls } = transportWith(() => jsonResponse({ count: 0, next: null, results: [] }));
    await transport.listAll("/backups/", { server_id: 7, backup_type: undefined }, upstreamBackupSchema);
    expect(calls[0]?.url.href).toBe(`${BASE}/backups/?server_id=7`);
  });
});

describe("pagination", () => {
  it("follows next links until null and merges every page", async () => {
    const { transport, calls } = transportWith((url) => {
      const page = Number(url.searchParams.get("page") ?? "1");
      const next = page < 3 ? `${BASE}/backups/?page=${page + 1}` : null;
      return jsonResponse({ count: 6, next, previous: null, results: [backup(page * 10), backup(page * 10 + 1)] });
    });
    const all = await transport.listAll("/backups/", {}, upstreamBackupSchema);
    expect(all.map((b) => b.id)).toEqual([10, 11, 20, 21, 30, 31]);
    expect(calls).toHaveLength(3);
  });

  it("keeps one copy of a row that shifted onto two pages", async () => {
    const { transport } = transportWith((url) =>
      url.searchParams.get("page") === "2"
        ? jsonResponse({ count: 3, next: null, results: [backup(2), backup(3)] })
        : jsonResponse({ count: 3, next: `${BASE}/backups/?page=2`, results: [backup(1), backup(2)] }),
    );
    const all = await transport.listAll("/backups/", {}, upstreamBackupSchema);
    expect(all.map((b) => b.id)).toEqual([1, 2, 3]);
  });

  it("fails instead of truncating past the page cap", async () => {
    const { transport, calls } = transportWith(
      (url) => {
        const page = Number(url.searchParams.get("page") ?? "1");
        return jsonResponse({ count: 100, next: `${BASE}/backups/?page=${page + 1}`, results: [backup(page)] });
      },
      { maxPages: 5 },
    );
    const error = await failure(transport.listAll("/backups/", {}, upstreamBackupSchema));
    expect(error.kind).toBe("malformed");
    expect(error.message).toMatch(/more than 5 pages/);
    expect(calls).toHaveLength(5);
  });

  it("never follows a next link to another host (the token would go with it)", async () => {
    const { transport, calls } = transportWith(() =>
      jsonResponse({ count: 2, next: "https://evil.example/api/v1/backups/?page=2", results: [backup(1)] }),
    );
    const error = await failure(transport.listAll("/backups/", {}, upstreamBackupSchema));
    expect(error.message).toMatch(/outside the VPS.org API/);
    expect(calls).toHaveLength(1);
  });

  it("stops a next link that loops", async () => {
    const { transport } = transportWith(() =>
      jsonResponse({ count: 2, next: `${BASE}/backups/`, results: [backup(1)] }),
    );
    const error = await failure(transport.listAll("/backups/", {}, upstreamBackupSchema));
    expect(error.message).toMatch(/loop/);
  });

  it("tolerates unknown fields and unknown statuses, and rejects items that break the contract", async () => {
    const { transport } = transportWith(() =>
      jsonResponse({
        count: 1,
        next: null,
        results: [{ ...backup(1), status: "verifying", shiny_new_field: { a: 1 } }],
      }),
    );
    const [item] = await transport.listAll("/backups/", {}, upstreamBackupSchema);
    expect(item?.status).toBe("verifying");
    expect(item).not.toHaveProperty("shiny_new_field");

    const broken = transportWith(() => jsonResponse({ count: 1, next: null, results: [{ ...backup(1), id: "one" }] }));
    expect((await failure(broken.transport.listAll("/backups/", {}, upstreamBackupSchema))).kind).toBe("malformed");
  });
});

describe("errors", () => {
  it.each([
    [400, { server_id: ["This field is required."] }, "bad_request", "server_id: This field is required."],
    [
      400,
      { non_field_errors: ["Maximum of 10 manual backups reached for this server."] },
      "bad_request",
      "Maximum of 10 manual backups reached for this server.",
    ],
    [400, { detail: "JSON parse error" }, "bad_request", "JSON parse error"],
    [401, { detail: "Invalid token." }, "unauthorized", "Invalid token."],
    [
      403,
      { detail: "You do not have permission to perform this action." },
      "forbidden",
      "You do not have permission to perform this action.",
    ],
    [404, { detail: "Not found." }, "not_found", "Not found."],
    [500, { detail: "Internal server error." }, "server_error", "Internal server error."],
    [418, {}, "unexpected_status", "VPS.org answered 418."],
  ] as const)("maps %i %j to %s", async (status, body, kind, message) => {
    const { transport } = transportWith(() => jsonResponse(body, status));
    const error = await failure(transport.send({ method: "GET", path: "/backups/" }));
    expect(error.kind).toBe(kind);
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
  });

  it("keeps DRF field messages as fields", async () => {
    const { transport } = transportWith(() =>
      jsonResponse({ server_id: ["A valid integer is required."], description: ["Too long.", "Bad."] }, 400),
    );
    const error = await failure(transport.send({ method: "POST", path: "/backups/", body: {} }));
    expect(error.fields).toEqual({ server_id: ["A valid integer is required."], description: ["Too long.", "Bad."] });
  });

  it("falls back to the status when an error body is not JSON", async () => {
    const { transport } = transportWith(
      () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
    );
    const error = await failure(transport.send({ method: "GET", path: "/backups/" }));
    expect(error.kind).toBe("server_error");
    expect(error.message).toBe("VPS.org answered 502 Bad Gateway.");
  });

  it("reads Retry-After on 429, in seconds or as a date", async () => {
    const seconds = transportWith(() =>
      jsonResponse({ detail: "Request was throttled." }, 429, { "Retry-After": "17" }),
    );
    const error = await failure(seconds.transport.send({ method: "GET", path: "/backups/" }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(17);

    const when = new Date(Date.now() + 60_000).toUTCString();
    const dated = transportWith(() => jsonResponse({ detail: "Slow down." }, 429, { "Retry-After": when }));
    const datedError = await failure(dated.transport.send({ method: "GET", path: "/backups/" }));
    expect(datedError.retryAfterSeconds).toBeGreaterThan(55);
    expect(datedError.retryAfterSeconds).toBeLessThanOrEqual(60);
  });

  it("reports a 2xx body that is not JSON as malformed", async () => {
    const { transport } = transportWith(
      () => new Response('{"count": 3, "results": [', { status: 200, headers: { "Content-Type": "application/json" } }),
    );
    const error = await failure(transport.listAll("/backups/", {}, upstreamBackupSchema));
    expect(error.kind).toBe("malformed");
  });

  it("reports a refused connection as a network error without the token", async () => {
    const { transport } = transportWith(() => {
      throw new TypeError("fetch failed", {
        cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
      });
    });
    const error = await failure(transport.send({ method: "GET", path: "/backups/" }));
    expect(error.kind).toBe("network");
    expect(error.message).toBe("VPS.org could not be reached (connection refused).");
    expect(JSON.stringify(error) + error.message).not.toContain(TOKEN);
  });

  it("gives up after the timeout, also when the body stalls", async () => {
    const { transport } = transportWith(
      (_url, init) =>
        new Promise<Response>((resolve, reject) => {
          const stalled = new ReadableStream({ start() {} }); // headers arrive, the body never does
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason));
          resolve(new Response(stalled, { status: 200 }));
        }),
      { timeoutMs: 50 },
    );
    const error = await failure(transport.send({ method: "GET", path: "/account/me/" }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe("VPS.org did not answer GET /api/v1/account/me/ within 50 ms.");
  });
});
