/** DRF-shaped error responses, thrown by the rules and turned into HTTP by the server. */
import type { HandlerResult } from "./router";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** JSON-serializable body, e.g. `{"detail": "..."}` or `{"field": ["..."]}`. */
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(`HTTP ${status}: ${JSON.stringify(body)}`);
    this.name = "ApiError";
  }
}

export const NOT_FOUND_DETAIL = "Not found.";

export function detailError(status: number, detail: string, headers?: Record<string, string>): ApiError {
  return new ApiError(status, { detail }, headers);
}

export function notFound(detail: string = NOT_FOUND_DETAIL): ApiError {
  return detailError(404, detail);
}

/** 405 with the methods the URL does serve, as DRF answers. */
export function methodNotAllowed(method: string, allowed: readonly string[]): ApiError {
  return detailError(405, `Method "${method}" not allowed.`, { Allow: allowed.join(", ") });
}

/** Runs a request's handling; an ApiError thrown on the way becomes the response. */
export async function answerApiErrors(handle: () => Promise<HandlerResult>): Promise<HandlerResult> {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof ApiError) return { status: error.status, body: error.body, headers: error.headers };
    throw error;
  }
}

export function nonFieldError(message: string): ApiError {
  return new ApiError(400, { non_field_errors: [message] });
}

export function fieldError(field: string, message: string): ApiError {
  return new ApiError(400, { [field]: [message] });
}

/** Collects field errors so a response reports every invalid field at once, as DRF does. */
export class FieldErrors {
  private readonly errors: Record<string, string[]> = {};

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  throwIfAny(): void {
    if (Object.keys(this.errors).length > 0) throw new ApiError(400, this.errors);
  }
}

/** A field value after `throwIfAny()` passed: null would mean a validation bug. */
export function validated<T>(value: T | null): T {
  if (value === null) throw new Error("validated() called on a field that failed validation");
  return value;
}
