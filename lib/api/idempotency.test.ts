import { describe, expect, it, vi } from "vitest";
import { ApiError } from "@/lib/http/server/api-error";
import { idempotent } from "@/lib/api/idempotency";
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from "@/lib/api/idempotency-store";
import { captureLogs } from "../../tests/log-lines";

// What idempotent() answers for each kind of claim, with a store that answers as told. The claims
// themselves (one run per key across instances, replays, expiry, leases) are tested on SQLite and
// PostgreSQL in tests/store/idempotency.test.ts.

const SCOPE = "POST /api/backups by user-1";

function request(key?: string): Request {
  return new Request("http://dashboard.test/api/backups", {
    method: "POST",
    headers: key === undefined ? {} : { "Idempotency-Key": key },
  });
}

/** A store whose every claim is `claim`, counting them. */
function storeAnswering(claim: IdempotencyClaim): IdempotencyStore & { claims: number } {
  const store = {
    claims: 0,
    claim: async () => {
      store.claims += 1;
      return claim;
    },
  };
  return store;
}

/** A handler that counts its runs and answers 201. */
function counting() {
  const handler = async () => {
    handler.runs += 1;
    return Response.json({ run: handler.runs }, { status: 201, headers: { "Cache-Control": "no-store" } });
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

const interrupted = (resolve: (found: StoredResponse | null) => Promise<void> = async () => {}) =>
  ({ kind: "interrupted", startedAt: new Date("2026-12-02T10:00:00.000Z"), resolve }) as const;

describe("Idempotency-Key", () => {
  it("runs every request that has no key, without asking the store", async () => {
    const handler = counting();
    const store = storeAnswering({ kind: "mismatch" });
    await idempotent(request(), SCOPE, { server_id: 1 }, handler, { store });
    await idempotent(request(), SCOPE, { server_id: 1 }, handler, { store });
    expect(handler.runs).toBe(2);
    expect(store.claims).toBe(0);
  });

  it.each([
    ["empty", ""],
    ["too long", "k".repeat(256)],
    ["not printable ASCII", "clé"],
    ["a control character", "a\tb"],
  ])("refuses a key that is %s with 400 invalid_input", async (_name, key) => {
    const handler = counting();
    const store = storeAnswering({ kind: "mismatch" });
    const error = await apiErrorOf(idempotent(request(key), SCOPE, {}, handler, { store }));
    expect(error.code).toBe("invalid_input");
    expect(error.fields).toHaveProperty("Idempotency-Key");
    expect(handler.runs).toBe(0);
    expect(store.claims).toBe(0);
  });

  it("accepts 255 printable ASCII characters", async () => {
    const settle = vi.fn(async () => {});
    const response = await idempotent(request(`${"a".repeat(254)}~`), SCOPE, {}, counting(), {
      store: storeAnswering({ kind: "claimed", settle }),
    });
    expect(response.status).toBe(201);
    expect(settle).toHaveBeenCalledWith(expect.objectContaining({ status: 201 }), true);
  });

  it("binds the key to the content, whatever the order of its fields", async () => {
    const fingerprints: string[] = [];
    const store: IdempotencyStore = {
      claim: async ({ fingerprint }) => (fingerprints.push(fingerprint), { kind: "mismatch" }),
    };
    for (const body of [{ server_id: 1, description: "x" }, { description: "x", server_id: 1 }, { server_id: 2 }]) {
      await apiErrorOf(idempotent(request("k"), SCOPE, body, counting(), { store }));
    }
    expect(fingerprints[0]).toBe(fingerprints[1]);
    expect(fingerprints[2]).not.toBe(fingerprints[0]);
  });

  it("refuses the same key with other content: 422 idempotency_key_reused", async () => {
    const handler = counting();
    const error = await apiErrorOf(
      idempotent(request("k"), SCOPE, { server_id: 2 }, handler, { store: storeAnswering({ kind: "mismatch" }) }),
    );
    expect([error.code, error.status]).toEqual(["idempotency_key_reused", 422]);
    expect(handler.runs).toBe(0);
  });

  it("answers a key still running after the longest wait with 409 idempotency_key_in_use and Retry-After", async () => {
    const handler = counting();
    const error = await apiErrorOf(
      idempotent(request("k"), SCOPE, {}, handler, {
        store: storeAnswering({ kind: "in_use", retryAfterSeconds: 5 }),
      }),
    );
    expect([error.code, error.status, error.retryAfterSeconds]).toEqual(["idempotency_key_in_use", 409, 5]);
    expect(handler.runs).toBe(0);
  });

  it("remembers a failure as not to be replayed, and stores the dashboard's 500 when the handler itself throws", async () => {
    const settle = vi.fn(async () => {});
    const response = await idempotent(
      request("k"),
      SCOPE,
      {},
      async () => {
        throw new Error("a bug");
      },
      { store: storeAnswering({ kind: "claimed", settle }) },
    );
    expect(response.status).toBe(500);
    expect(settle).toHaveBeenCalledWith(expect.objectContaining({ status: 500 }), false);
  });

  it("still answers when the answer cannot be stored (a retry then looks for what was done)", async () => {
    const settle = vi.fn(async () => {
      throw new Error("database gone");
    });
    const logs = captureLogs();
    const response = await idempotent(request("k"), SCOPE, {}, counting(), {
      store: storeAnswering({ kind: "claimed", settle }),
    }).finally(logs.restore);
    expect(response.status).toBe(201);
    expect(logs.lines).toContainEqual(
      expect.objectContaining({
        level: "error",
        component: "idempotency",
        msg: "the answer could not be stored",
        err: expect.objectContaining({ message: "database gone" }),
      }),
    );
  });

  describe("an interrupted attempt (its instance died while it ran)", () => {
    it("is never run again: the recovered answer is sent, marked replayed, and resolves the claim", async () => {
      const handler = counting();
      const resolve = vi.fn(async () => {});
      const recover = vi.fn(async () => Response.json({ id: 42 }, { status: 201 }));
      const response = await idempotent(request("k"), SCOPE, {}, handler, {
        store: storeAnswering(interrupted(resolve)),
        recover,
      });
      expect(handler.runs).toBe(0);
      expect(recover).toHaveBeenCalledWith(new Date("2026-12-02T10:00:00.000Z"));
      expect(response.status).toBe(201);
      expect(response.headers.get("idempotent-replayed")).toBe("true");
      expect(await response.json()).toEqual({ id: 42 });
      expect(resolve).toHaveBeenCalledWith(expect.objectContaining({ status: 201, body: '{"id":42}' }));
    });

    it.each([
      ["finds nothing", async () => null],
      ["answers something other than a success", async () => Response.json({}, { status: 404 })],
    ])("answers 409 idempotency_outcome_unknown when recover %s, leaving the key to look again", async (_, recover) => {
      const handler = counting();
      const resolve = vi.fn(async () => {});
      const error = await apiErrorOf(
        idempotent(request("k"), SCOPE, {}, handler, {
          store: storeAnswering(interrupted(resolve)),
          recover,
          checkBeforeRetrying: "Check the backups list.",
        }),
      );
      expect([error.code, error.status]).toEqual(["idempotency_outcome_unknown", 409]);
      expect(error.message).toMatch(/interrupted.*unknown.*not sent again\. Check the backups list\.$/);
      expect(handler.runs).toBe(0);
      expect(resolve).toHaveBeenCalledWith(null);
    });

    it("is unknown on a route that cannot recover", async () => {
      const handler = counting();
      const error = await apiErrorOf(
        idempotent(request("k"), SCOPE, {}, handler, { store: storeAnswering(interrupted()) }),
      );
      expect(error.code).toBe("idempotency_outcome_unknown");
      expect(handler.runs).toBe(0);
    });

    it("lets the lookup's own failure through, and frees the lookup for the next retry", async () => {
      const resolve = vi.fn(async () => {});
      const failure = new ApiError("provider_unavailable", "VPS.org failed.");
      await expect(
        idempotent(request("k"), SCOPE, {}, counting(), {
          store: storeAnswering(interrupted(resolve)),
          recover: async () => {
            throw failure;
          },
        }),
      ).rejects.toBe(failure);
      expect(resolve).toHaveBeenCalledWith(null);
    });
  });
});
