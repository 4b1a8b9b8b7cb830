import "server-only";
import { createHash } from "node:crypto";
import * as z from "zod";
import { ApiError, asApiError, errorResponse, logApiError } from "@/lib/http/server/api-error";
import { MemoryIdempotencyStore, type IdempotencyStore, type StoredResponse } from "@/lib/api/idempotency-store";
import { parseWith } from "@/lib/api/parse-input";

// "One submission, one result": the `Idempotency-Key` request header (IETF httpapi draft, as Stripe
// uses it). The first request with a key runs; a repeat with the same key and the same content gets
// the first answer again, marked `Idempotent-Replayed: true`, also while the first is still running
// (it waits for it). Only a success (2xx) is remembered, for 24 h: after a failure the key is free
// again so the same submission can be retried; a duplicate that raced the failed request gets the
// same failure. The same key with other content is refused with 422 idempotency_key_reused.

export const IDEMPOTENCY_KEY_HEADER = "Idempotency-Key";
export const IDEMPOTENT_REPLAYED_HEADER = "Idempotent-Replayed";

export const idempotencyKeySchema = z
  .string()
  .regex(/^[\x20-\x7e]{1,255}$/, { error: `${IDEMPOTENCY_KEY_HEADER} must be 1 to 255 printable ASCII characters` });

const headerSchema = z.object({ [IDEMPOTENCY_KEY_HEADER]: idempotencyKeySchema });

/** Headers worth sending again with a replayed answer. */
const REPLAYED_HEADERS = ["content-type", "cache-control", "retry-after"];

const STORE = Symbol.for("vpsorg-dashboard.idempotency-store");
const holder = globalThis as typeof globalThis & { [STORE]?: IdempotencyStore };

/** The store of this process, shared by every route bundle (see lib/vpsorg/server.ts). */
export function idempotencyStore(): IdempotencyStore {
  holder[STORE] ??= new MemoryIdempotencyStore();
  return holder[STORE];
}

/**
 * Runs `handle` at most once per Idempotency-Key of `request` (none: it just runs). `input` is the
 * parsed request content the key is bound to; `scope` keeps one route's keys from another's.
 */
export async function idempotent(
  request: Request,
  scope: string,
  input: unknown,
  handle: () => Promise<Response>,
  store: IdempotencyStore = idempotencyStore(),
): Promise<Response> {
  const header = request.headers.get(IDEMPOTENCY_KEY_HEADER);
  if (header === null) return handle();
  const key = parseWith(headerSchema, { [IDEMPOTENCY_KEY_HEADER]: header }, "header")[IDEMPOTENCY_KEY_HEADER];

  const claim = await store.claim(`${scope} ${key}`, fingerprint(scope, input));
  if (claim.kind === "mismatch") {
    throw new ApiError(
      "idempotency_key_reused",
      `This ${IDEMPOTENCY_KEY_HEADER} was already used for a different request; use a new key for a new request.`,
      { fields: { [IDEMPOTENCY_KEY_HEADER]: ["was already used for a different request"] } },
    );
  }
  if (claim.kind === "replay") return replay(claim.response);

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
    // Always settled, or a duplicate waiting for this request would wait forever.
    const settled =
      stored ??
      (await storable(
        errorResponse(
          new ApiError("internal_error", "Something went wrong in the dashboard. The error was logged; try again."),
        ),
      ));
    await claim.settle(settled, stored !== undefined && stored.status >= 200 && stored.status < 300);
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
