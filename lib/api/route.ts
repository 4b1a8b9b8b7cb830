import "server-only";
import * as z from "zod";
import { serverContext } from "@/lib/api/context";
import { routeTemplate } from "@/lib/api/route-template";
import { ifNoneMatchHas, strongETag } from "@/lib/api/etag";
import { parseWith, queryObject, readJsonBody } from "@/lib/api/parse-input";
import { keySession, requestApiKey, type KeySession } from "@/lib/api-keys/server/key-credentials";
import { audited, type AuditedActionSpec } from "@/lib/audit/server/audited";
import { recordRefusal } from "@/lib/audit/server/refusals";
import { roleCan, type Permissions } from "@/lib/auth/roles";
import { CLIENT_ADDRESS_FROM_SERVER_ENV } from "@/lib/auth/server/client-address";
import { clientIp } from "@/lib/auth/server/client-ip";
import { getCurrentSession, type CurrentSession } from "@/lib/auth/server/session";
import { ApiError, asApiError, errorResponse, logApiError } from "@/lib/http/server/api-error";
import { crossSiteRefusal } from "@/lib/http/server/same-origin";
import { componentLogger } from "@/lib/log/logger";
import { runInRequest, type RequestContext } from "@/lib/log/request-context";
import { requestIdOf, withRequestId } from "@/lib/log/request-id";
import { elapsedMs, logRequest, type RequestLogEntry } from "@/lib/log/request-log";
import { recordHttpRequest } from "@/lib/metrics/registry";
import type { Store } from "@/lib/store/store";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

type Schema = z.ZodType | undefined;
type RefusableAction = AuditedActionSpec<unknown>["action"];

/** Refusals worth a record on an audited route: who tried what they may not, or sent what cannot be done. */
const RECORDED_REFUSALS = new Set<string>([
  "csrf_rejected",
  "unauthenticated",
  "forbidden",
  "invalid_input",
  "payload_too_large",
  "unsupported_media_type",
]);
type Infer<S extends Schema> = S extends z.ZodType ? z.infer<S> : undefined;

export interface RouteSpec<P extends Schema, Q extends Schema, B extends Schema, Pub extends boolean> {
  /**
   * What the signed-in user's role must allow (e.g. `{ backup: ["create"] }`). Without it any
   * signed-in user may call the route. No session: 401 `unauthenticated`; a role without the
   * permission: 403 `forbidden`.
   */
  permission?: Permissions;
  /**
   * The audited action the route performs. A request refused before the handler runs (cross-site,
   * no session, a role without the permission, bad input) is then recorded as a refused attempt at it,
   * bounded per minute (lib/audit/server/refusals.ts); the handler records what it does with `audited`.
   */
  audit?: RefusableAction;
  /** `true` only for routes anyone may call without a session (health, first-run setup). */
  public?: Pub;
  /**
   * `true` for routes a person must call from a signed-in browser, never with an API key (managing the
   * keys themselves): a key is refused with 403 `forbidden`.
   */
  sessionOnly?: boolean;
  /** Path parameters; every route with a dynamic segment names a schema. */
  params?: P;
  /** Query parameters; without a schema any query parameter is refused. */
  query?: Q;
  /** JSON body; without a schema the body is not read. */
  body?: B;
}

/** Runs a create, delete or restore on record: an `attempt` entry first, the outcome after (lib/audit/server/audited.ts). */
export type Audited = <T>(spec: AuditedActionSpec<T>, act: () => Promise<T>) => Promise<T>;

export interface RouteInput<P extends Schema, Q extends Schema, B extends Schema, Pub extends boolean> {
  request: Request;
  /** The store (database and Better Auth), already opened and migrated. */
  store: Store;
  /** The VPS.org client: the only way a handler reaches the provider. */
  upstream: VpsorgTransport;
  /** The signed-in user; null on public routes, which do not look. */
  session: Pub extends true ? null : CurrentSession;
  /** `audited(spec, act)` as this user from this address; null on public routes. */
  audited: Pub extends true ? null : Audited;
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
 * `unauthenticated`) and a role without the route's permission (403 `forbidden`). A request with
 * `Authorization: Bearer vbk_…` is an API key's instead (lib/api-keys/server/key-credentials.ts):
 * no same-origin check (it carries no cookie), a 401 for a key that does not work, 429 past its
 * limit, 403 on a `sessionOnly` route, and the audit entries it causes name the key. Then it parses
 * the path, query and body with zod before the handler runs (so bad input never reaches VPS.org),
 * and turns every failure into the error envelope. Unexpected errors are logged and answered with a
 * generic message. Checking the session before the input tells nothing about the API to a stranger.
 * Every answer carries the request's id (`X-Request-Id`), and the request gets one log line
 * (lib/log/request-log.ts) and its count in the metrics.
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
  const route = async (request: Request, context: RouteContext): Promise<Response> => {
    const startedAt = performance.now();
    const url = new URL(request.url);
    const log: RequestContext = {
      reqId: requestIdOf(request.headers, process.env[CLIENT_ADDRESS_FROM_SERVER_ENV] === "1"),
    };
    let who: CurrentSession | null = null;
    let byKey: KeySession | null = null;
    const response = await runInRequest(log, async () => {
      let ready: { store: Store; started: boolean } | null = null;
      try {
        const { store, upstream } = await serverContext();
        ready = { store, started: false };
        // A key is not a browser's: it carries no cookie, so there is no cross-site request to forge.
        const credentials = spec.public ? null : requestApiKey(request.headers);
        if (!credentials) {
          const refusal = crossSiteRefusal(request, store.config.baseURL);
          if (refusal) throw refusal;
        } else {
          byKey = await keySession(store.db, credentials);
          log.acting = actingKey(byKey);
          if (spec.sessionOnly) {
            throw new ApiError(
              "forbidden",
              "API keys cannot do this: sign in to the dashboard in a browser (keys are made and revoked there).",
            );
          }
        }
        const session = spec.public ? null : (byKey?.session ?? (await signedIn(store, request)));
        who = session;
        if (session) checkPermission(session, spec.permission);
        const ip = clientIp(store, request);
        const params = spec.params ? parseWith(spec.params, await context.params, "path") : undefined;
        const query = parseWith(spec.query ?? noQuery, queryObject(url), "query");
        const body = spec.body ? parseWith(spec.body, await readJsonBody(request), "body") : undefined;
        ready.started = true;
        const bound: Audited | null = session && ((auditSpec, act) => audited({ store, session, ip }, auditSpec, act));
        return await handler({
          request,
          store,
          upstream,
          session: session as RouteInput<P, Q, B, Pub>["session"],
          audited: bound as RouteInput<P, Q, B, Pub>["audited"],
          ip,
          params: params as Infer<P>,
          query: (spec.query ? query : undefined) as Infer<Q>,
          body: body as Infer<B>,
        });
      } catch (error) {
        const apiError = asApiError(error);
        logApiError(request.method, url.pathname, apiError, error);
        if (spec.audit && ready && !ready.started && RECORDED_REFUSALS.has(apiError.code)) {
          const store = ready.store;
          const params = (await Promise.resolve(context?.params).catch(() => undefined)) ?? {};
          const known = byKey?.session;
          await recordRefused(store, request, spec.audit!, apiError, params, known);
        }
        return errorResponse(apiError);
      }
    });
    const params = (await Promise.resolve(context?.params).catch(() => undefined)) ?? {};
    const route = routeTemplate(url.pathname, params);
    const answered = withRequestId(response, log.reqId);
    const durationMs = elapsedMs(startedAt);
    logRequest({
      reqId: log.reqId,
      method: request.method,
      route,
      path: url.pathname,
      status: answered.status,
      durationMs,
      ...actorOf(who, byKey),
      failure: log.failure,
    });
    recordHttpRequest(request.method, route, answered.status, durationMs / 1000);
    return answered;
  };
  specs.set(route, spec as RouteSpec<Schema, Schema, Schema, boolean>);
  return route;
}

const specs = new WeakMap<object, RouteSpec<Schema, Schema, Schema, boolean>>();

/**
 * The spec a route handler was defined with (`defineRoute`), or undefined for one it did not make:
 * what lib/openapi/operations.ts says of each route is checked against it (lib/openapi/operations.test.ts).
 */
export function routeSpecOf(handler: unknown): RouteSpec<Schema, Schema, Schema, boolean> | undefined {
  return typeof handler === "function" ? specs.get(handler) : undefined;
}

/** Who the request log names: the signed-in user (and, once requests can come with an API key, the key's name as `key`). */
function actorOf(session: CurrentSession | null, byKey: KeySession | null): Pick<RequestLogEntry, "user" | "key"> {
  if (!session) return {};
  return {
    user: { id: session.user.id, email: session.user.email, role: session.user.role },
    ...(byKey ? { key: byKey.apiKey.name } : {}),
  };
}

/** Who tried what, from where, and why it was refused; a failure to record it is logged, not answered. */
async function recordRefused(
  store: Store,
  request: Request,
  action: RefusableAction,
  refusal: ApiError,
  params: Record<string, string | string[] | undefined>,
  /** Who the request was known to be (an API key's owner); else its session cookie is read. */
  known?: CurrentSession,
): Promise<void> {
  try {
    const session = known ?? (await getCurrentSession(store, request.headers).catch(() => null));
    const id = (value: unknown) => (typeof value === "string" && /^[1-9][0-9]{0,15}$/.test(value) ? value : undefined);
    await recordRefusal(store.db, {
      action,
      actor: session ? { id: session.user.id, email: session.user.email } : null,
      target: { backupId: id(params.backupId), serverId: id(params.serverId) },
      ip: clientIp(store, request),
      code: refusal.code,
      message: refusal.message,
    });
  } catch (error) {
    componentLogger("api").error(
      { err: error, method: request.method, path: new URL(request.url).pathname },
      "the refusal could not be recorded",
    );
  }
}

async function signedIn(store: Store, request: Request): Promise<CurrentSession> {
  const session = await getCurrentSession(store, request.headers);
  if (!session)
    throw new ApiError("unauthenticated", "Sign in to use the dashboard: there is no session, or it has ended.");
  return session;
}

function checkPermission(session: CurrentSession, permission: Permissions | undefined): void {
  if (permission && !roleCan(session.user.role, permission)) {
    throw new ApiError(
      "forbidden",
      `Your role (${session.user.role ?? "none"}) does not allow this: ${describePermission(permission)}.`,
    );
  }
}

function actingKey(byKey: KeySession): NonNullable<RequestContext["acting"]> {
  return {
    actorId: byKey.session.user.id,
    via: { kind: "api_key", id: String(byKey.apiKey.id), name: byKey.apiKey.name },
  };
}

function describePermission(permission: Permissions): string {
  return Object.entries(permission)
    .map(([resource, actions]) => `${(actions ?? []).join(", ")} ${resource}`)
    .join("; ");
}

/** A JSON answer whose body is parsed through its schema first, so nothing unplanned is sent. */
export function json<S extends z.core.$ZodType>(
  schema: S,
  data: z.input<S>,
  init: { status?: number; headers?: HeadersInit } = {},
): Response {
  const headers = new Headers(init.headers);
  headers.set("Cache-Control", "no-store");
  return Response.json(z.parse(schema, data), { status: init.status ?? 200, headers });
}

/**
 * A JSON answer for a list the page polls: a strong ETag of the body, and `304 Not Modified` with
 * no body when If-None-Match already has it. `private, no-cache` rather than `no-store`: no-store
 * forbids the browser to keep the answer, so it could never revalidate it; no-cache lets it keep a
 * private copy that it must check with If-None-Match before every use, and `private` keeps shared
 * caches from storing the account's data.
 */
export function revalidatableJson<S extends z.core.$ZodType>(
  request: Request,
  schema: S,
  answer: { list: z.input<S>; etag: string | null },
): Response {
  if (answer.etag === null) {
    const body = JSON.stringify(z.parse(schema, answer.list));
    return revalidatable(request, strongETag(body), () => body);
  }
  // An ETag known in advance (the watcher's picture): a 304 costs no serializing, and each body is
  // parsed, serialized and encoded once per ETag in this process, however many viewers ask.
  const bodies = (holder[BODIES] ??= new Map());
  return revalidatable(request, answer.etag, () => {
    let body = bodies.get(answer.etag!);
    if (body === undefined) {
      body = new TextEncoder().encode(JSON.stringify(z.parse(schema, answer.list)));
      if (bodies.size >= MAX_CACHED_BODIES) bodies.delete(bodies.keys().next().value!);
      bodies.set(answer.etag!, body);
    }
    return body;
  });
}

const BODIES = Symbol.for("vpsorg-dashboard.answer-bodies");
const holder = globalThis as typeof globalThis & { [BODIES]?: Map<string, Uint8Array<ArrayBuffer>> };
/** Bodies kept per process: a few filters of the latest generations. */
const MAX_CACHED_BODIES = 64;

function revalidatable(request: Request, etag: string, body: () => string | Uint8Array<ArrayBuffer>): Response {
  const headers = new Headers({ ETag: etag, "Cache-Control": "private, no-cache" });
  if (ifNoneMatchHas(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Type", "application/json");
  return new Response(body(), { status: 200, headers });
}
