import type { ApiErrorCode } from "@/lib/http/api-error";

// The browser's one way to call the dashboard's /api route handlers. It turns the error
// envelope `{ error: { code, message, fields? } }` into an ApiRequestError whose message is
// written for a person. No UI side effects here: callers decide what to show.

/** `network`: the request never got an answer; `unexpected_response`: an answer that is not ours. */
export type RequestErrorCode = ApiErrorCode | "network" | "unexpected_response";

export class ApiRequestError extends Error {
  readonly code: RequestErrorCode;
  /** HTTP status; 0 when the request never got an answer. */
  readonly status: number;
  readonly fields: Readonly<Record<string, readonly string[]>> | undefined;
  /** From `Retry-After` (rate limiting, a provider the dashboard stopped calling for a while). */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: RequestErrorCode,
    status: number,
    message: string,
    fields?: Record<string, string[]>,
    retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiRequestError";
    this.code = code;
    this.status = status;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Anything with a `parse` that throws on a bad shape: a zod (mini) schema. */
export interface ResponseParser<T> {
  parse(value: unknown): T;
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Calls an /api route and parses its JSON answer; throws ApiRequestError on any failure. */
export async function fetchJson<T>(url: string, parser: ResponseParser<T>, options: RequestOptions = {}): Promise<T> {
  const response = await send(url, options);
  const body = await readJson(response);
  try {
    return parser.parse(body);
  } catch {
    throw new ApiRequestError(
      "unexpected_response",
      response.status,
      "The dashboard sent an answer the page could not read. Reload the page and try again.",
    );
  }
}

/** Calls an /api route that answers 204 No Content. */
export async function fetchNoContent(url: string, options: RequestOptions = {}): Promise<void> {
  await send(url, options);
}

/**
 * Whether the browser should ask again: only when the dashboard itself could not be reached.
 * The route handlers already retry VPS.org (and a circuit breaker stops them hammering it), so
 * repeating a provider failure from here would only multiply the requests.
 */
export function isTransientError(error: unknown): boolean {
  return error instanceof ApiRequestError && error.code === "network";
}

async function send(url: string, { method = "GET", body, headers = {}, signal }: RequestOptions): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      signal,
      headers: {
        Accept: "application/json",
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      // GET lists carry an ETag: revalidate every time, and a 304 reuses the body already here.
      cache: method === "GET" ? "no-cache" : "no-store",
    });
  } catch (error) {
    if (signal?.aborted) throw error; // a cancelled query: let TanStack Query see the abort
    throw new ApiRequestError("network", 0, "The dashboard could not be reached. Check your connection and try again.");
  }
  if (!response.ok) throw await errorFrom(response);
  return response;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return (await response.json()) as unknown;
  } catch {
    throw new ApiRequestError(
      "unexpected_response",
      response.status,
      "The dashboard sent an answer that is not JSON. Reload the page and try again.",
    );
  }
}

/** A fresh `Idempotency-Key`: one per submission, so a repeated request cannot act twice. */
export function newIdempotencyKey(): string {
  // getRandomValues works outside secure contexts too (crypto.randomUUID does not).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** Reads the error envelope; an answer without one (a proxy's HTML page…) still gets a message. */
export async function errorFrom(response: Response): Promise<ApiRequestError> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    body = undefined;
  }
  const envelope = readEnvelope(body);
  const retryAfter = response.headers.get("retry-after");
  const retryAfterSeconds = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined;
  if (envelope)
    return new ApiRequestError(envelope.code, response.status, envelope.message, envelope.fields, retryAfterSeconds);
  const statusText = response.statusText ? ` ${response.statusText}` : "";
  return new ApiRequestError(
    "unexpected_response",
    response.status,
    `The dashboard answered ${response.status}${statusText}. Try again.`,
  );
}

function readEnvelope(
  body: unknown,
): { code: ApiErrorCode; message: string; fields?: Record<string, string[]> } | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  const { code, message, fields } = body.error;
  if (typeof code !== "string" || typeof message !== "string") return undefined;
  // The route handlers only send codes from the closed ApiErrorCode set (lib/http/api-error.ts).
  return { code: code as ApiErrorCode, message, fields: isFieldMap(fields) ? fields : undefined };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isFieldMap(value: unknown): value is Record<string, string[]> {
  return (
    isRecord(value) &&
    Object.values(value).every((list) => Array.isArray(list) && list.every((item) => typeof item === "string"))
  );
}
