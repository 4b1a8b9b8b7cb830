import "server-only";
import * as z from "zod";
import { ApiError, errorResponse } from "@/lib/api/api-error";
import { ifNoneMatchHas, strongETag } from "@/lib/api/etag";
import { parseWith, queryObject, readJsonBody } from "@/lib/api/parse-input";
import { toApiError } from "@/lib/api/upstream-error";
import { VpsorgError } from "@/lib/vpsorg/errors";

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema> {
  /** Path parameters; every route with a dynamic segment names a schema. */
  params?: P;
  /** Query parameters; without a schema any query parameter is refused. */
  query?: Q;
  /** JSON body; without a schema the body is not read. */
  body?: B;
}

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema> {
  request: Request;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

const noQuery = z.strictObject({});

/**
 * The one wrapper around every /api route handler: it parses the path, query and body with zod
 * before the handler runs (so bad input never reaches VPS.org), and turns every failure into
 * the error envelope. Unexpected errors are logged and answered with a generic message.
 */
export function defineRoute<P extends Schema = undefined, Q extends Schema = undefined, B extends Schema = undefined>(
  spec: RouteSpec<P, Q, B>,
  handler: (input: RouteInput<P, Q, B>) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    const url = new URL(request.url);
    try {
      const params = spec.params ? parseWith(spec.params, await context.params, "path") : undefined;
      const query = parseWith(spec.query ?? noQuery, queryObject(url), "query");
      const body = spec.body ? parseWith(spec.body, await readJsonBody(request), "body") : undefined;
      return await handler({
        request,
        params: params as Infer<P>,
        query: (spec.query ? query : undefined) as Infer<Q>,
        body: body as Infer<B>,
      });
    } catch (error) {
      const apiError = asApiError(error);
      logApiError(request.method, url.pathname, apiError, error);
      return errorResponse(apiError);
    }
  };
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof VpsorgError) return toApiError(error);
  return new ApiError("internal_error", "Something went wrong in the dashboard. The error was logged; try again.");
}

export function logApiError(method: string, path: string, apiError: ApiError, original: unknown): void {
  const line = `[api] ${method} ${path} → ${apiError.status} ${apiError.code}: ${apiError.message}`;
  if (apiError.code === "internal_error") console.error(line, original);
  else if (apiError.status >= 500 || apiError.code === "rate_limited") console.warn(line);
}

/** A JSON answer whose body is parsed through its schema first, so nothing unplanned is sent. */
export function json<S extends z.ZodType>(schema: S, data: z.input<S>, init: { status?: number; headers?: HeadersInit } = {}): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  return Response.json(schema.parse(data), { status: init.status ?? 200, headers });
}

/**
 * A JSON answer for a list the page polls: a strong ETag of the body, and `304 Not Modified` with
 * no body when If-None-Match already has it. `private, no-cache` rather than `no-store`: no-store
 * forbids the browser to keep the answer, so it could never revalidate it; no-cache lets it keep a
 * private copy that it must check with If-None-Match before every use, and `private` keeps shared
 * caches from storing the account's data.
 */
export function revalidatableJson<S extends z.ZodType>(request: Request, schema: S, data: z.input<S>): Response {
  const body = JSON.stringify(schema.parse(data));
  const etag = strongETag(body);
  const headers = new Headers({ ETag: etag, "Cache-Control": "private, no-cache" });
  if (ifNoneMatchHas(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "application/json");
  return new Response(body, { status: 200, headers });
}
