import { describe, expect, it } from "vitest";
import { ApiError } from "@/lib/http/server/api-error";
import { idempotent } from "@/lib/api/idempotency";
import { MemoryIdempotencyStore } from "@/lib/api/idempotency-store";
import { VpsorgError } from "@/lib/vpsorg/errors";

const SCOPE = "POST /api/backups";

function request(key?: string): Request {
  return new Request("http://dashboard.test/api/backups", {
    method: "POST",
    headers: key === undefined ? {} : { "Idempotency-Key": key },
  });
}

/** A handler that counts its runs and answers 201 with the run number, after `gate` if given. */
function counting(gate?: Promise<void>) {
  const handler = async () => {
    handler.runs += 1;
    const run = handler.runs;
    await gate;
    return Response.json({ run }, { status: 201, headers: { "Cache-Control": "no-store" } });
  };
  handler.runs = 0;
  return handler;
}

async function apiErrorOf(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("Idempotency-Key", () => {
  it("runs every request that has no key", async () => {
    const handler = counting();
    const store = new MemoryIdempotencyStore();
    await idempotent(request(), SCOPE, { server_id: 1 }, handler, store);
    await idempotent(request(), SCOPE, { server_id: 1 }, handler, store);
    expect(handler.runs).toBe(2);
  });

  it("answers a repeat with the first answer, marked Idempotent-Replayed", async () => {
    const handler = counting();
    const store = new MemoryIdempotencyStore();
    const first = await idempotent(request("k-1"), SCOPE, { server_id: 1, description: "x" }, handler, store);
    // Same content in another key order is the same request.
    const again = await idempotent(request("k-1"), SCOPE, { description: "x", server_id: 1 }, handler, store);
    expect(handler.runs).toBe(1);
    expect(first.headers.get("idempotent-replayed")).toBeNull();
    expect(again.status).toBe(201);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(again.headers.get("cache-control")).toBe("no-store");
    expect(await again.json()).toEqual(await first.json());
  });

  it("runs once when two requests with one key race: the second waits for the first", async () => {
    let open!: () => void;
    const handler = counting(new Promise<void>((resolve) => (open = resolve)));
    const store = new MemoryIdempotencyStore();
    const a = idempotent(request("race"), SCOPE, { server_id: 1 }, handler, store);
    const b = idempotent(request("race"), SCOPE, { server_id: 1 }, handler, store);
    open();
    const [ra, rb] = await Promise.all([a, b]);
    expect(handler.runs).toBe(1);
    expect([ra.status, rb.status]).toEqual([201, 201]);
    expect(await rb.json()).toEqual({ run: 1 });
    expect(rb.headers.get("idempotent-replayed")).toBe("true");
  });

  it("refuses the same key with a different body: 422 idempotency_key_reused", async () => {
    const handler = counting();
    const store = new MemoryIdempotencyStore();
    await idempotent(request("k"), SCOPE, { server_id: 1 }, handler, store);
    const error = await apiErrorOf(idempotent(request("k"), SCOPE, { server_id: 2 }, handler, store));
    expect(error.code).toBe("idempotency_key_reused");
    expect(error.status).toBe(422);
    expect(handler.runs).toBe(1);
  });

  it.each([
    ["empty", ""],
    ["too long", "k".repeat(256)],
    ["not printable ASCII", "clé"],
    ["a control character", "a\tb"],
  ])("refuses a key that is %s with 400 invalid_input", async (_name, key) => {
    const handler = counting();
    const error = await apiErrorOf(idempotent(request(key), SCOPE, {}, handler, new MemoryIdempotencyStore()));
    expect(error.code).toBe("invalid_input");
    expect(error.fields).toHaveProperty("Idempotency-Key");
    expect(handler.runs).toBe(0);
  });

  it("accepts 255 printable ASCII characters", async () => {
    const response = await idempotent(
      request(`${"a".repeat(254)}~`),
      SCOPE,
      {},
      counting(),
      new MemoryIdempotencyStore(),
    );
    expect(response.status).toBe(201);
  });

  it("does not remember a failure: the same key may be retried after a provider error", async () => {
    const store = new MemoryIdempotencyStore();
    let runs = 0;
    const flaky = async () => {
      runs += 1;
      if (runs === 1) throw new VpsorgError({ kind: "server_error", status: 500, message: "Internal server error." });
      return Response.json({ id: 7 }, { status: 201 });
    };
    const first = await idempotent(request("retry-me"), SCOPE, { server_id: 1 }, flaky, store);
    expect(first.status).toBe(502);
    expect(((await first.json()) as { error: { code: string } }).error.code).toBe("provider_unavailable");
    const second = await idempotent(request("retry-me"), SCOPE, { server_id: 1 }, flaky, store);
    expect(second.status).toBe(201);
    expect(second.headers.get("idempotent-replayed")).toBeNull();
    expect(runs).toBe(2);
  });

  it("gives a racing duplicate the first request's failure rather than a second attempt", async () => {
    const store = new MemoryIdempotencyStore();
    let runs = 0;
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const timesOut = async (): Promise<Response> => {
      runs += 1;
      await gate;
      throw new VpsorgError({ kind: "timeout", message: "VPS.org did not answer." });
    };
    const a = idempotent(request("t"), SCOPE, { server_id: 1 }, timesOut, store);
    const b = idempotent(request("t"), SCOPE, { server_id: 1 }, timesOut, store);
    open();
    const [ra, rb] = await Promise.all([a, b]);
    expect(runs).toBe(1);
    expect([ra.status, rb.status]).toEqual([504, 504]);
    expect(rb.headers.get("idempotent-replayed")).toBe("true");
  });
});
