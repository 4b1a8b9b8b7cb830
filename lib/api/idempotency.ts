import "server-only";
import { createHash } from "node:crypto";
import * as z from "zod";
import { ApiError, asApiError, errorResponse, logApiError } from "@/lib/http/server/api-error";
import { DbIdempotencyStore, type IdempotencyStore, type StoredResponse } from "@/lib/api/idempotency-store";
import { parseWith } from "@/lib/api/parse-input";
import type { Store } from "@/lib/store/store";
import { componentLogger } from "@/lib/log/logger";

// "One submission, one result": the `Idempotency-Key` request header (IETF httpapi draft, as Stripe
// uses it), per user and route, kept in the store so every instance of the dashboard agrees. The first
// request with a key runs; a repeat with the same key and the same content, on any instance, gets the
// first answer again, marked `Idempotent-Replayed: true`, also while the first is still running (it
// waits for it; past 30 s it is answered 409 idempotency_key_in_use, to retry with the same key). Only
// a success (2xx) is remembered, for 24 h: after a failure the key is free again so the same submission
// can be retried; a duplicate that waited on the failed request gets the same failure. The same key
// with other content is refused with 422 idempotency_key_reused. A request whose instance died while
// it ran is never sent again: a retry looks for what it did (the route's `recover`) and answers that,
// or 409 idempotency_outcome_unknown.

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, { error: `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 printable ASCII characters` });

const headerSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema });

/** Headers worth sending again with a replayed answer. */
const REPLAYED_HEADERS = ["content-type", "cache-control", "retry-after"];

const STORES = Symbol.for("vpsorg-dashboard.idempotency-stores");
const holder = globalThis as typeof globalThis & { [STORES]?: WeakMap<Store, IdempotencyStore> };

/** The idempotency records of `store` (one object per store, shared by every route bundle of the process). */
export function idempotencyStore(store: Store): IdempotencyStore {
  const stores = (holder[STORES] ??= new WeakMap());
  let found = stores.get(store);
  if (!found) stores.set(store, (found = new DbIdempotencyStore(store.db)));
  return found;
}

export interface IdempotentOptions {
  store: IdempotencyStore;
  /**
   * Finds what an interrupted attempt under this key did at VPS.org (it started at `startedAt`; its
   * instance died before it answered), without doing it again: the answer the attempt would have
   * given (2xx), or null when there is no trace of it. Without it an interrupted attempt's outcome is
   * unknown. It is called at most once at a time per key, and its answer is remembered like a success.
   */
  recover?: (startedAt: Date) => Promise<Response | null>;
  /** What the client should check before it retries with a new key, when the outcome is unknown. */
  checkBeforeRetrying?: string;
}

/**
 * Runs `handle` at most once per Idempotency-Key of `request` (none: it just runs). `input` is the
 * parsed request content the key is bound to; `scope` (route and user) keeps other keys apart.
 */
export async function idempotent(
  request: Request,
  scope: string,
  input: unknown,
  handle: () => Promise<Response>,
  { store, recover, checkBeforeRetrying = "Check what happened before retrying with a new key." }: IdempotentOptions,
): Promise<Response> {
  const header = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (header === null) return handle();
  const key = parseWith(headerSchema, { [IDEMPOTENCY_KEY_HEADER]: header }, "header")[IDEMPOTENCY_KEY_HEADER];

  const claim = await store.claim({ scope, key, fingerprint: fingerprint(scope, input) });
  if (claim.kind === "mismatch") {
    throw new ApiError(
      "idempotency_key_reused",
      `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key for a new request.`,
      { fields: { [IDEMPOTENCY_KEY_HEADER]: ["was already used for a different request"] } },
    );
  }
  if (claim.kind === "replay") return replay(claim.response);
  if (claim.kind === "in_use") {
    throw new ApiError(
      "idempotency_key_in_use",
      `A request with this ${IDEMPOTENCY_KEY_HEADER} is still running; send it again in a moment with the same key to get its answer.`,
      { retryAfterSeconds: claim.retryAfterSeconds },
    );
  }
  if (claim.kind === "interrupted") {
    let found: StoredResponse | null = null;
    try {
      const response = recover ? await recover(claim.startedAt) : null;
      if (response && response.status >= 200 && response.status < 300) found = await storable(response);
    } finally {
      await claim.resolve(found);
    }
    if (found) return replay(found);
    throw new ApiError(
      "idempotency_outcome_unknown",
      `An earlier request with this ${IDEMPOTENCY_KEY_HEADER} was interrupted before it answered, and whether VPS.org did it is unknown; it is not sent again. ${checkBeforeRetrying}`,
    );
  }

  let stored: StoredResponse | undefined;
  try {
    const response = await handle().catch((error: unknown) => {
      const apiError = asApiError(error);
      logApiError(request.method, new URL(request.url).pathname, apiError, error);
      return errorResponse(apiError);
    });
    stored = await storable(response);
    return response;
  } finally {
    // Always settled, or a duplicate waiting for this request would wait until its lease ran out.
    const settled =
      stored ??
      (await storable(
        errorResponse(
          new ApiError("internal_error", "Something went wrong in the dashboard. The error was logged; try again."),
        ),
      ));
    // The answer goes out even if it cannot be kept: the row stays pending, and a retry then
    // looks for what this request did instead of doing it again.
    await claim
      .settle(settled, stored !== undefined && stored.status >= 200 && stored.status < 300)
      .catch((error: unknown) =>
        componentLogger("idempotency").error({ err: error }, "the answer could not be stored"),
      );
  }
}

function replay(stored: StoredResponse): Response {
  const headers = new Headers(stored.headers);
  headers.set(IDEMPOTENT_REPLAYED_HEADER, "true");
  return new Response(stored.body === "" ? null : stored.body, { status: stored.status, headers });
}

async function storable(response: Response): Promise<StoredResponse> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, headers, body: await response.clone().text() };
}

/** The request's content, independent of key order and whitespace. */
function fingerprint(scope: string, input: unknown): string {
  return createHash("sha256")
    .update(`${scope}\n${canonicalJson(input)}`)
    .digest("base64url");
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
