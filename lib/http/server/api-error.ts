import "server-only";
import { apiErrorStatus, type ApiErrorBody, type ApiErrorCode } from "@/lib/http/api-error";
import { componentLogger } from "@/lib/log/logger";
import { currentRequest } from "@/lib/log/request-context";

/** An error meant for the client: its message is written for a person and is safe to show. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly fields: Record<string, string[]> | undefined;
  readonly retryAfterSeconds: number | undefined;
  /** Headers the answer carries besides Retry-After (a 401's `WWW-Authenticate`). */
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: ApiErrorCode,
    message: string,
    options: {
      fields?: Record<string, string[]>;
      retryAfterSeconds?: number;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "ApiError";
    this.code = code;
    this.fields = options.fields;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers;
  }

  get status(): number {
    return apiErrorStatus[this.code];
  }
}

export function errorResponse(error: ApiError): Response {
  const body: ApiErrorBody = {
    error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
  };
  const headers = new Headers({ ...error.headers, "Cache-Control": "no-store" });
  if (error.retryAfterSeconds !== undefined) headers.set("Retry-After", String(error.retryAfterSeconds));
  return Response.json(body, { status: error.status, headers });
}

/**
 * A domain error that knows what the API answers for it (a refused user change, a VPS.org failure,
 * an unwritable audit log). The route wrapper asks it, so lib/api imports no feature to map errors.
 */
export interface ApiErrorSource {
  toApiError(): ApiError;
}

export function isApiErrorSource(error: unknown): error is ApiErrorSource {
  return error instanceof Error && typeof (error as Partial<ApiErrorSource>).toApiError === "function";
}

/**
 * What the API answers for any failure: an ApiError as it is, a domain error as it says, a library's
 * error wrapping one of ours (Better Auth wraps a failed query in its own 500) as the one it wraps,
 * anything else a 500.
 */
export function asApiError(error: unknown): ApiError {
  const answering = answeringError(error);
  if (answering instanceof ApiError) return answering;
  if (answering) return answering.toApiError();
  return new ApiError("internal_error", "Something went wrong in the dashboard. The error was logged; try again.");
}

/** The error itself if it knows its API answer, else the first of its causes that does (a few levels deep), or null. */
export function answeringError(error: unknown): ApiError | ApiErrorSource | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth += 1) {
    if (current instanceof ApiError || isApiErrorSource(current)) return current;
    current = current.cause;
  }
  return null;
}

/**
 * What the log says of a failure turned into an answer. While a request is answered, it is noted for
 * that request's one log line (lib/log/request-log.ts: bugs and unwritable audit logs with their
 * stack, other 5xx and rate limits with their message, the rest by code); outside one, its own line.
 */
export function logApiError(method: string, path: string, apiError: ApiError, original: unknown): void {
  const failure = {
    code: apiError.code,
    message: apiError.message,
    status: apiError.status,
    ...(withStack(apiError) ? { error: original } : {}),
  };
  const request = currentRequest();
  if (request) {
    request.failure = failure;
    return;
  }
  const log = componentLogger("api");
  const fields = { method, path, status: apiError.status, error: { code: apiError.code, message: apiError.message } };
  const line = `${method} ${path} → ${apiError.status} ${apiError.code}`;
  if (withStack(apiError)) log.error({ ...fields, err: original }, line);
  else if (apiError.status >= 500 || apiError.code === "rate_limited") log.warn(fields, line);
}

const withStack = (apiError: ApiError) => apiError.code === "internal_error" || apiError.code === "audit_write_failed";
