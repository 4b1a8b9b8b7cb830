import "server-only";
import * as z from "zod";
import { ApiError, errorResponse } from "@/lib/api/api-error";
import { ifNoneMatchHas, strongETag } from "@/lib/api/etag";
import { parseWith, queryObject, readJsonBody } from "@/lib/api/parse-input";
import { crossSiteRefusal, isSafeMethod } from "@/lib/api/same-origin";
import { toApiError } from "@/lib/api/upstream-error";
import { AuditWriteError } from "@/lib/audit/audit-log";
import { clientIp } from "@/lib/auth/client-ip";
import { roleCan, type Permissions } from "@/lib/auth/roles";
import { getCurrentSession, type CurrentSession } from "@/lib/auth/session";
import { getStore, type Store } from "@/lib/db/store";
import { SetupError } from "@/lib/users/first-run";
import { UserManagementError } from "@/lib/users/users";
import { VpsorgError } from "@/lib/vpsorg/errors";

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema, Pub extends boolean> {
  /**
   * What the signed-in user's role must allow (e.g. `{ backup: ["create"] }`). Without it any
   * signed-in user may call the route. No session: 401 `unauthenticated`; a role without the
   * permission: 403 `forbidden`.
   */
  permission?: Permissions;
  /** `true` only for routes anyone may call without a session (health, first-run setup). */
  public?: Pub;
  /** Path parameters; every route with a dynamic segment names a schema. */
  params?: P;
  /** Query parameters; without a schema any query parameter is refused. */
  query?: Q;
  /** JSON body; without a schema the body is not read. */
  body?: B;
}

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema, Pub extends boolean> {
  request: Request;
  /** The signed-in user; null on public routes, which do not look. */
  session: Pub extends true ? null : CurrentSession;
  /** The client's address as the audit log records it (X-Forwarded-For as AUTH_TRUSTED_PROXIES allows). */
  ip: string | null;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
}

type RouteContext = { params: Promise<Record<string, string | string[] | undefined>> };

const noQuery = z.strictObject({});

/**
 * The one wrapper around every /api route handler. In this order: it refuses a state-changing
 * request from another site (403 `csrf_rejected`), a request without a session (401
 * `unauthenticated`) and a role without the route's permission (403 `forbidden`); then it parses
 * the path, query and body with zod before the handler runs (so bad input never reaches VPS.org),
 * and turns every failure into the error envelope. Unexpected errors are logged and answered with a
 * generic message. Checking the session before the input tells nothing about the API to a stranger.
 */
export function defineRoute<
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
  Pub extends boolean = false,
>(
  spec: RouteSpec<P, Q, B, Pub>,
  handler: (input: RouteInput<P, Q, B, Pub>) => Promise<Response>,
): (request: Request, context: RouteContext) => Promise<Response> {
  return async (request, context) => {
    const url = new URL(request.url);
    try {
      const needsStore = !spec.public || !isSafeMethod(request.method);
      const store = needsStore ? await getStore() : null;
      if (store) {
        const refusal = crossSiteRefusal(request, store.config.baseURL);
        if (refusal) throw refusal;
      }
      const session = spec.public ? null : await authorize(store!, request, spec.permission);
      const params = spec.params ? parseWith(spec.params, await context.params, "path") : undefined;
      const query = parseWith(spec.query ?? noQuery, queryObject(url), "query");
      const body = spec.body ? parseWith(spec.body, await readJsonBody(request), "body") : undefined;
      return await handler({
        request,
        session: session as RouteInput<P, Q, B, Pub>["session"],
        ip: store ? clientIp(store, request) : null,
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

async function authorize(store: Store, request: Request, permission: Permissions | undefined): Promise<CurrentSession> {
  const session = await getCurrentSession(store, request.headers);
  if (!session)
    throw new ApiError("unauthenticated", "Sign in to use the dashboard: there is no session, or it has ended.");
  if (permission && !roleCan(session.user.role, permission)) {
    throw new ApiError(
      "forbidden",
      `Your role (${session.user.role ?? "none"}) does not allow this: ${describePermission(permission)}.`,
    );
  }
  return session;
}

function describePermission(permission: Permissions): string {
  return Object.entries(permission)
    .map(([resource, actions]) => `${(actions ?? []).join(", ")} ${resource}`)
    .join("; ");
}

export function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof VpsorgError) return toApiError(error);
  if (error instanceof UserManagementError) {
    if (error.code === "invalid_input" || error.code === "not_found")
      return new ApiError(error.code, error.message, { cause: error });
    return new ApiError("conflict", error.message, { cause: error });
  }
  if (error instanceof SetupError)
    return new ApiError(error.code === "invalid_token" ? "forbidden" : "conflict", error.message, { cause: error });
  if (error instanceof AuditWriteError) {
    return new ApiError(
      "audit_write_failed",
      "The audit log could not be written, so the request was stopped. The error was logged; check before trying again.",
      { cause: error },
    );
  }
  return new ApiError("internal_error", "Something went wrong in the dashboard. The error was logged; try again.");
}

export function logApiError(method: string, path: string, apiError: ApiError, original: unknown): void {
  const line = `[api] ${method} ${path} → ${apiError.status} ${apiError.code}: ${apiError.message}`;
  if (apiError.code === "internal_error" || apiError.code === "audit_write_failed") console.error(line, original);
  else if (apiError.status >= 500 || apiError.code === "rate_limited") console.warn(line);
}

/** A JSON answer whose body is parsed through its schema first, so nothing unplanned is sent. */
export function json<S extends z.ZodType>(
  schema: S,
  data: z.input<S>,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
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
