import type * as z from "zod";
import { ApiError, type ApiErrorSource } from "@/lib/http/server/api-error";

// Every way a call to VPS.org can fail, as one typed error. Messages are written for people and
// never contain the token or the Authorization header.

export type VpsorgErrorKind =
  | "network" // no answer: connection refused, reset, DNS
  | "timeout" // no complete answer within VPSORG_TIMEOUT_MS
  | "bad_request" // 400: the provider refused the input or a rule
  | "unauthorized" // 401: the token was rejected
  | "forbidden" // 403: the token lacks a permission
  | "not_found" // 404
  | "rate_limited" // 429
  | "server_error" // 5xx
  | "unexpected_status" // any other non-2xx
  | "malformed" // a 2xx whose body is not what the contract says
  | "circuit_open"; // not sent: VPS.org failed too often in a row, the dashboard waits before trying again

export interface VpsorgErrorInit {
  kind: VpsorgErrorKind;
  message: string;
  status?: number;
  fields?: Record<string, string[]>;
  retryAfterSeconds?: number;
  /** Why a network error happened, when Node says: `ECONNREFUSED`, `UND_ERR_SOCKET`… */
  networkCode?: string;
  cause?: unknown;
}

export class VpsorgError extends Error implements ApiErrorSource {
  readonly kind: VpsorgErrorKind;
  readonly status: number | undefined;
  readonly fields: Record<string, string[]> | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly networkCode: string | undefined;

  constructor(init: VpsorgErrorInit) {
    super(init.message, { cause: init.cause });
    this.name = "VpsorgError";
    this.kind = init.kind;
    this.status = init.status;
    this.fields = init.fields;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.networkCode = init.networkCode;
  }

  toApiError(): ApiError {
    return apiErrorOf(this);
  }
}

const kindByStatus: Record<number, VpsorgErrorKind> = {
  400: "bad_request",
  401: "unauthorized",
  403: "forbidden",
  404: "not_found",
  429: "rate_limited",
};

export function kindForStatus(status: number): VpsorgErrorKind {
  return kindByStatus[status] ?? (status >= 500 ? "server_error" : "unexpected_status");
}

/**
 * Reads a Django REST Framework error body: `{"detail": "..."}`, `{"field": ["..."]}`,
 * `{"non_field_errors": ["..."]}` or a bare list of strings. Anything else gives no message.
 */
export function parseDrfError(body: unknown): { message?: string; fields?: Record<string, string[]> } {
  if (Array.isArray(body)) {
    const messages = body.filter((item): item is string => typeof item === "string");
    return messages.length ? { message: messages.join(" ") } : {};
  }
  if (typeof body !== "object" || body === null) return {};

  const record = body as Record<string, unknown>;
  if (typeof record.detail === "string") return { message: record.detail };

  const general: string[] = [];
  const fields: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(record)) {
    const messages = toMessages(value);
    if (!messages.length) continue;
    if (key === "non_field_errors" || key === "__all__") general.push(...messages);
    else fields[key] = messages;
  }
  const fieldSummary = Object.entries(fields).map(([key, messages]) => `${key}: ${messages.join(" ")}`);
  const message = [...general, ...fieldSummary].join(" ");
  return {
    ...(message ? { message } : {}),
    ...(Object.keys(fields).length ? { fields } : {}),
  };
}

function toMessages(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(toMessages);
  return [];
}

/** `Retry-After` is either delta-seconds or an HTTP date; answers whole seconds from now. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | undefined {
  if (!header) return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

const TOKEN_REJECTED =
  "The VPS.org token configured on the server was rejected. This is not something you did: ask whoever runs the dashboard to replace the token.";

/** What the browser is told of a failed VPS.org call. The provider's own words are kept where they help. */
function apiErrorOf(error: VpsorgError): ApiError {
  switch (error.kind) {
    case "bad_request":
      return new ApiError("provider_refused", `VPS.org refused the request: ${error.message}`, {
        fields: error.fields,
        cause: error,
      });
    case "not_found":
      return new ApiError("not_found", `VPS.org: ${error.message}`, { cause: error });
    case "rate_limited":
      return new ApiError(
        "rate_limited",
        `VPS.org is rate-limiting the dashboard${error.retryAfterSeconds !== undefined ? `; try again in ${error.retryAfterSeconds} s` : ""}.`,
        { retryAfterSeconds: error.retryAfterSeconds ?? 30, cause: error },
      );
    case "unauthorized":
      return new ApiError("provider_token_rejected", TOKEN_REJECTED, { cause: error });
    case "forbidden":
      return new ApiError(
        "provider_token_rejected",
        `The VPS.org token configured on the server is not allowed to do this (${error.message}). Ask whoever runs the dashboard to grant the permission.`,
        { cause: error },
      );
    case "timeout":
      return new ApiError("provider_timeout", error.message, { cause: error });
    case "server_error":
      return new ApiError(
        "provider_unavailable",
        `VPS.org failed (status ${error.status ?? "unknown"}): ${error.message}`,
        { cause: error },
      );
    case "circuit_open":
      // Retry-After tells a client when the dashboard will call VPS.org again.
      return new ApiError("provider_unavailable", error.message, {
        retryAfterSeconds: error.retryAfterSeconds,
        cause: error,
      });
    case "network":
    case "malformed":
    case "unexpected_status":
      return new ApiError("provider_unavailable", error.message, { cause: error });
  }
}

/** A 2xx answer's body read with `schema`; one that does not fit is a `malformed` error that says `unreadable`. */
export function readAnswer<T>(
  schema: z.ZodType<T>,
  response: { status: number; body: unknown },
  unreadable: string,
): T {
  const parsed = schema.safeParse(response.body);
  if (parsed.success) return parsed.data;
  throw new VpsorgError({ kind: "malformed", status: response.status, message: unreadable });
}
