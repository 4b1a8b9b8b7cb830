import { describe, expect, it } from "vitest";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { upstreamBackupSchema } from "@/lib/vpsorg/schemas";
import { createVpsorgTransport, type TransportOptions } from "@/lib/vpsorg/transport";

// Retries, the circuit breaker and fan-in (coalescing, the list cache, invalidation) of the transport,
// on a fake fetch and a fake clock: `sleep` moves the clock instead of waiting.

const BASE = "https://admin.vps.org/api/v1";

type Handler = (url: URL, init: RequestInit) => Response | Promise<Response>;

function setup(handler: Handler, options: Partial<TransportOptions> = {}) {
  const clock = { time: 1_000_000 };
  const calls: { method: string; url: URL }[] = [];
  const sleeps: number[] = [];
  const fakeFetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(String(input instanceof Request ? input.url : input));
    calls.push({ method: init.method ?? "GET", url });
    return handler(url, init);
  }) as typeof fetch;
  const transport = createVpsorgTransport({
    baseUrl: BASE,
    token: "vps_unit",
    timeoutMs: 1000,
    fetch: fakeFetch,
    now: () => clock.time,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.time += ms;
    },
    random: () => 0.5,
    ...options,
  });
  return { transport, calls, sleeps, clock };
}

const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", ...headers } });

const page = (...ids: number[]) => json({ count: ids.length, next: null, results: ids.map(backup) });

function backup(id: number) {
  return {
    id,
    server: { id: 1, name: "web" },
    backup_type: "manual",
    status: "completed",
    size_mb: 1,
    created_at: "2025-01-16T03:00:00Z",
    expires_at: null,
    description: "",
  };
}

const refused = () => {
  throw new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" }),
  });
};
const dropped = () => {
  throw new TypeError("fetch failed", {
    cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
  });
};

/** Answers from a script, one per call; the last one repeats. */
function scripted(...answers: (() => Response)[]): Handler {
  let i = 0;
  return () => answers[Math.min(i++, answers.length - 1)]!();
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

/** A promise and its resolver, to hold a fake response until the test lets it go. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const list = (transport: ReturnType<typeof setup>["transport"], query = {}) =>
  transport.listAll("/backups/", query, upstreamBackupSchema);

describe("retries", () => {
  it("retries a GET after a 5xx with jittered exponential backoff, then succeeds", async () => {
    const { transport, calls, sleeps } = setup(
      scripted(
        () => json({}, 500),
        () => json({}, 502),
        () => json({ ok: 1 }),
      ),
      {
        retry: { maxAttempts: 3, baseDelayMs: 200, maxDelayMs: 2000 },
      },
    );
    expect((await transport.send({ method: "GET", path: "/account/me/" })).body).toEqual({ ok: 1 });
    expect(calls).toHaveLength(3);
    expect(sleeps).toEqual([150, 300]); // 200·2^(n-1), jittered to 75 % with random() = 0.5
  });

  it("retries a GET after a dropped connection", async () => {
    let first = true;
    const { transport, calls } = setup(() => (first ? ((first = false), dropped()) : page(1)));
    expect(await list(transport)).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it("keeps the jitter between half and all of the capped backoff", async () => {
    const { backoffMs, DEFAULT_RETRY } = await import("@/lib/vpsorg/retry-policy");
    const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 500 };
    expect([backoffMs(1, options, () => 0), backoffMs(1, options, () => 1)]).toEqual([50, 100]);
    expect([backoffMs(3, options, () => 0), backoffMs(3, options, () => 1)]).toEqual([200, 400]);
    expect([backoffMs(9, options, () => 0), backoffMs(9, options, () => 1)]).toEqual([250, 500]);
  });

  it("gives up after maxAttempts with the last error", async () => {
    const { transport, calls } = setup(() => json({ detail: "Down." }, 503), { retry: { maxAttempts: 4 } });
    const error = await failure(transport.send({ method: "GET", path: "/backups/" }));
    expect(error.kind).toBe("server_error");
    expect(calls).toHaveLength(4);
  });

  it("starts no retry past the time budget", async () => {
    // Each failed attempt takes 1 s of the fake clock; waits are 300 ms (400 jittered to 75 %).
    let attemptTakes = () => {};
    const slow = setup(
      async () => {
        attemptTakes();
        return json({}, 500);
      },
      {
        retry: { maxAttempts: 10, budgetMs: 2500, baseDelayMs: 400, maxDelayMs: 400 },
        breaker: { failureThreshold: 100 },
      },
    );
    attemptTakes = () => {
      slow.clock.time += 1000;
    };
    await failure(slow.transport.send({ method: "GET", path: "/backups/" }));
    // 0 → attempt → 1000, wait → 1300, attempt → 2300; another wait would end at 2600, past 2500: stop.
    expect(slow.calls).toHaveLength(2);
    expect(slow.sleeps).toEqual([300]);
  });

  it("honours Retry-After on a 429 instead of its own backoff", async () => {
    const { transport, calls, sleeps } = setup(
      scripted(
        () => json({ detail: "Slow down." }, 429, { "Retry-After": "2" }),
        () => json({ ok: 1 }),
      ),
    );
    await transport.send({ method: "GET", path: "/account/me/" });
    expect(sleeps).toEqual([2000]);
    expect(calls).toHaveLength(2);
  });

  it("fails at once with the rate limit when Retry-After exceeds what is left of the budget", async () => {
    const { transport, calls, sleeps } = setup(() => json({ detail: "Slow down." }, 429, { "Retry-After": "6" }), {
      retry: { budgetMs: 5000 },
    });
    const error = await failure(transport.send({ method: "GET", path: "/backups/" }));
    expect(error.kind).toBe("rate_limited");
    expect(error.retryAfterSeconds).toBe(6);
    expect(calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it("never retries a timeout (the provider is slow; another full wait adds load)", async () => {
    const { transport, calls } = setup(
      (_url, init) =>
        new Promise<Response>((_resolve, reject) =>
          init.signal?.addEventListener("abort", () => reject(init.signal?.reason)),
        ),
      { timeoutMs: 20 },
    );
    expect((await failure(transport.send({ method: "GET", path: "/backups/" }))).kind).toBe("timeout");
    expect(calls).toHaveLength(1);
  });

  it("never retries a malformed answer or a 4xx", async () => {
    const malformed = setup(() => new Response("{", { status: 200 }));
    expect((await failure(malformed.transport.send({ method: "GET", path: "/backups/" }))).kind).toBe("malformed");
    expect(malformed.calls).toHaveLength(1);
    const notFound = setup(() => json({ detail: "Not found." }, 404));
    await failure(notFound.transport.send({ method: "GET", path: "/x/" }));
    expect(notFound.calls).toHaveLength(1);
  });

  it.each(["POST", "DELETE"] as const)(
    "never retries a %s that may have reached the provider (5xx, 429, dropped)",
    async (method) => {
      for (const answer of [() => json({}, 500), () => json({}, 429, { "Retry-After": "0" }), dropped]) {
        const { transport, calls } = setup(answer);
        await failure(transport.send({ method, path: "/backups/1/", body: method === "POST" ? {} : undefined }));
        expect(calls).toHaveLength(1);
      }
    },
  );

  it("retries a POST whose connection was refused: it never left this server", async () => {
    let first = true;
    const { transport, calls } = setup(() => (first ? ((first = false), refused()) : json(backup(9), 201)));
    expect((await transport.send({ method: "POST", path: "/backups/", body: { server_id: 1 } })).status).toBe(201);
    expect(calls).toHaveLength(2);
  });
});

describe("circuit breaker", () => {
  const options = { breaker: { failureThreshold: 3, cooldownMs: 10_000 }, retry: { maxAttempts: 1 } };

  it("opens after N consecutive failures, then fails fast without calling the provider, saying when it tries again", async () => {
    const { transport, calls } = setup(() => json({}, 500), options);
    for (let i = 0; i < 3; i++) await failure(transport.send({ method: "GET", path: "/backups/" }));
    expect(await transport.circuit()).toMatchObject({ state: "open", failures: 3 });

    const error = await failure(transport.send({ method: "POST", path: "/backups/", body: {} }));
    expect(error.kind).toBe("circuit_open");
    expect(error.message).toMatch(/VPS.org appears to be down \(3 failed requests in a row\).*try again in 10 s/);
    expect(error.retryAfterSeconds).toBe(10);
    expect(calls).toHaveLength(3);
  });

  it("counts timeouts and dropped connections, and any answer below 500 resets the count", async () => {
    let answer: () => Response = dropped;
    const { transport } = setup(() => answer(), options);
    await failure(transport.send({ method: "GET", path: "/a/" }));
    await failure(transport.send({ method: "GET", path: "/a/" }));
    answer = () => json({ detail: "Not found." }, 404);
    await failure(transport.send({ method: "GET", path: "/a/" }));
    expect(await transport.circuit()).toMatchObject({ state: "closed", failures: 0 });
    answer = () => json({ detail: "Slow down." }, 429);
    await failure(transport.send({ method: "GET", path: "/a/" }));
    expect((await transport.circuit())?.failures).toBe(0);
  });

  it("after the cool-down lets one probe through (half-open); its success closes the circuit", async () => {
    let down = true;
    const gate = deferred<Response>();
    const { transport, calls, clock } = setup(() => (down ? json({}, 503) : gate.promise), options);
    for (let i = 0; i < 3; i++) await failure(transport.send({ method: "GET", path: "/a/" }));
    clock.time += 10_000;
    expect((await transport.circuit())?.state).toBe("half_open");

    down = false;
    const probe = transport.send({ method: "GET", path: "/probe/" });
    // While the probe is out, everything else still fails fast.
    expect((await failure(transport.send({ method: "GET", path: "/other/" }))).message).toMatch(/checking right now/);
    gate.resolve(json({ ok: 1 }));
    await probe;
    expect(await transport.circuit()).toEqual({ state: "closed", retryAt: null, failures: 0 });
    expect(calls.map((c) => c.url.pathname)).toEqual(["/api/v1/a/", "/api/v1/a/", "/api/v1/a/", "/api/v1/probe/"]);
  });

  it("a failed probe opens it again for another cool-down", async () => {
    const { transport, clock } = setup(() => json({}, 500), options);
    for (let i = 0; i < 3; i++) await failure(transport.send({ method: "GET", path: "/a/" }));
    clock.time += 10_000;
    await failure(transport.send({ method: "GET", path: "/a/" }));
    expect(await transport.circuit()).toMatchObject({ state: "open", retryAt: clock.time + 10_000 });
  });

  it("stops a GET's retries once the circuit opens", async () => {
    const { transport, calls } = setup(() => json({}, 500), {
      breaker: { failureThreshold: 2, cooldownMs: 10_000 },
      retry: { maxAttempts: 5 },
    });
    expect((await failure(transport.send({ method: "GET", path: "/a/" }))).kind).toBe("circuit_open");
    expect(calls).toHaveLength(2);
  });
});

describe("fan-in", () => {
  it("coalesces identical concurrent list walks into one", async () => {
    const gate = deferred<void>();
    const { transport, calls } = setup(async () => {
      await gate.promise;
      return page(1, 2);
    });
    const walks = Array.from({ length: 20 }, () => list(transport));
    gate.resolve();
    const results = await Promise.all(walks);
    expect(calls).toHaveLength(1);
    expect(results.every((r) => r.length === 2)).toBe(true);
    expect(results[0]).not.toBe(results[1]); // each caller gets its own array to sort
  });

  it("coalesces identical concurrent GETs, and shares their failure", async () => {
    const gate = deferred<void>();
    const { transport, calls } = setup(async () => {
      await gate.promise;
      return json({ detail: "Invalid token." }, 401);
    });
    const gets = Array.from({ length: 5 }, () => failure(transport.send({ method: "GET", path: "/account/me/" })));
    gate.resolve();
    expect((await Promise.all(gets)).every((e) => e.kind === "unauthorized")).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it("keeps different filters apart", async () => {
    const { transport, calls } = setup(() => page(1));
    await Promise.all([list(transport), list(transport, { server_id: 1 }), list(transport, { backup_type: "manual" })]);
    expect(calls).toHaveLength(3);
  });

  it("answers a list from the cache within the TTL, and asks again after it", async () => {
    const { transport, calls, clock } = setup(() => page(1), { cacheTtlMs: 2000 });
    await list(transport);
    clock.time += 1999;
    await list(transport);
    expect(calls).toHaveLength(1);
    clock.time += 1;
    await list(transport);
    expect(calls).toHaveLength(2);
  });

  it("caches nothing with a TTL of 0", async () => {
    const { transport, calls } = setup(() => page(1), { cacheTtlMs: 0 });
    await list(transport);
    await list(transport);
    expect(calls).toHaveLength(2);
  });

  it("does not cache a failure that may pass (5xx), but does keep a 403 for the TTL", async () => {
    const failing = setup(() => json({}, 500), { cacheTtlMs: 2000, retry: { maxAttempts: 1 } });
    await failure(list(failing.transport));
    await failure(list(failing.transport));
    expect(failing.calls).toHaveLength(2);

    const forbidden = setup(() => json({ detail: "No permission." }, 403), { cacheTtlMs: 2000 });
    await failure(forbidden.transport.listAll("/servers/", {}, upstreamBackupSchema));
    await failure(forbidden.transport.listAll("/servers/", {}, upstreamBackupSchema));
    expect(forbidden.calls).toHaveLength(1);
  });

  it.each([
    ["a successful POST", () => json(backup(3), 201), "POST"],
    ["a failed POST (it may still have created something)", () => json({}, 500), "POST"],
    ["a DELETE", () => new Response(null, { status: 204 }), "DELETE"],
  ] as const)("invalidates the cache at once after %s", async (_name, answer, method) => {
    const { transport, calls } = setup((_url, init) => (init.method === "GET" ? page(1) : answer()), {
      cacheTtlMs: 60_000,
    });
    await list(transport);
    await transport.send({ method, path: "/backups/", body: {} }, { allowNonJson: true }).catch(() => undefined);
    await list(transport);
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(2);
  });

  it("does not let a read that started before a mutation put stale data in the cache (generation)", async () => {
    const staleGate = deferred<void>();
    let reads = 0;
    const { transport, calls } = setup(
      async (_url, init) => {
        if (init.method === "POST") return json(backup(2), 201);
        reads += 1;
        if (reads === 1) {
          await staleGate.promise; // the stale read is still on the wire while the POST completes
          return page(1);
        }
        return page(1, 2);
      },
      { cacheTtlMs: 60_000 },
    );
    const stale = list(transport);
    await transport.send({ method: "POST", path: "/backups/", body: { server_id: 1 } });
    // A read after the POST does not join the read from before it.
    expect((await list(transport)).map((b) => b.id)).toEqual([1, 2]);
    staleGate.resolve();
    expect((await stale).map((b) => b.id)).toEqual([1]);
    // The stale answer arrived last, but the cache keeps the fresh one.
    expect((await list(transport)).map((b) => b.id)).toEqual([1, 2]);
    expect(calls.filter((c) => c.method === "GET")).toHaveLength(2);
  });
});

describe("what the transport tells its observer (the metrics)", () => {
  it("each attempt with its operation, outcome and duration, and what the open circuit did not send", async () => {
    const samples: { operation: string; outcome: string; seconds: number | null }[] = [];
    let answers = [() => json({}, 503), () => page(1)];
    const { transport } = setup(() => answers.shift()!(), {
      observe: (sample) => samples.push(sample),
      breaker: { failureThreshold: 2, cooldownMs: 60_000 },
    });
    await expect(transport.listAll("/backups/", {}, upstreamBackupSchema)).resolves.toHaveLength(1);
    expect(samples.map(({ operation, outcome }) => ({ operation, outcome }))).toEqual([
      { operation: "list_backups", outcome: "server_error" },
      { operation: "list_backups", outcome: "success" },
    ]);
    expect(samples.every((sample) => typeof sample.seconds === "number" && sample.seconds >= 0)).toBe(true);

    samples.length = 0;
    answers = [() => json({}, 500), () => json({}, 404)];
    // Two failures in a row open the circuit: the next request is not sent.
    await expect(transport.send({ method: "DELETE", path: "/backups/501/" })).rejects.toBeInstanceOf(VpsorgError);
    await expect(
      transport.send({ method: "POST", path: "/servers/7/restore/", body: { backup_id: 1 } }),
    ).rejects.toBeInstanceOf(VpsorgError);
    answers = [() => json({}, 500), () => json({}, 500)];
    await expect(transport.send({ method: "DELETE", path: "/backups/502/" })).rejects.toBeInstanceOf(VpsorgError);
    await expect(transport.send({ method: "POST", path: "/backups/", body: {} })).rejects.toBeInstanceOf(VpsorgError);
    await expect(transport.send({ method: "POST", path: "/backups/", body: {} })).rejects.toMatchObject({
      kind: "circuit_open",
    });
    expect(samples).toEqual([
      { operation: "delete_backup", outcome: "server_error", seconds: expect.any(Number) },
      { operation: "restore_server", outcome: "not_found", seconds: expect.any(Number) },
      { operation: "delete_backup", outcome: "server_error", seconds: expect.any(Number) },
      { operation: "create_backup", outcome: "server_error", seconds: expect.any(Number) },
      { operation: "create_backup", outcome: "circuit_open", seconds: null },
    ]);
  });
});
