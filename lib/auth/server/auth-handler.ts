import "server-only";
import { CLIENT_ADDRESS_FROM_SERVER_ENV } from "@/lib/auth/server/client-address";
import { asApiError, errorResponse, isApiErrorSource, logApiError } from "@/lib/http/server/api-error";
import { crossSiteRefusal } from "@/lib/http/server/same-origin";
import { runInRequest, type RequestContext } from "@/lib/log/request-context";
import { requestIdOf, withRequestId } from "@/lib/log/request-id";
import { elapsedMs, logRequest } from "@/lib/log/request-log";
import { getStore } from "@/lib/store/store";

// The identity provider's form_post answer is a cross-site POST by design; the OAuth state (bound to
// this browser's cookie) and PKCE protect it instead.
const CROSS_SITE_ALLOWED = /^\/api\/auth\/callback\/[^/]+$/;

/**
 * Better Auth's request handler on the migrated store: what each app/api/auth route file exports.
 * A state-changing request from another site is refused first, as on every other /api route. When
 * the database could not be reached during the request, the answer is 503 store_unavailable in the
 * dashboard's envelope (which the sign-in page shows), not Better Auth's empty 500 or its "no
 * session": it catches the failure and answers in its own way, so the store's watch is asked. Like
 * every /api route, the answer carries `X-Request-Id` and the request gets its log line.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const startedAt = performance.now();
  const path = new URL(request.url).pathname;
  const context: RequestContext = {
    reqId: requestIdOf(request.headers, process.env[CLIENT_ADDRESS_FROM_SERVER_ENV] === "1"),
  };
  const response = withRequestId(await runInRequest(context, () => answer(request, path)), context.reqId);
  logRequest({
    reqId: context.reqId,
    method: request.method,
    route: path,
    path,
    status: response.status,
    durationMs: elapsedMs(startedAt),
    failure: context.failure,
  });
  return response;
}

async function answer(request: Request, path: string): Promise<Response> {
  try {
    const store = await getStore();
    if (!CROSS_SITE_ALLOWED.test(path)) {
      const refusal = crossSiteRefusal(request, store.config.baseURL);
      if (refusal) return errorResponse(refusal);
    }
    return await store.watchFailures(async (watch) => {
      let response: Response;
      try {
        response = await store.auth.handler(request);
      } catch (error) {
        throw watch.failure && !isApiErrorSource(error) ? watch.failure : error;
      }
      if (watch.failure && response.status >= 400) throw watch.failure;
      return response;
    });
  } catch (error) {
    const apiError = asApiError(error);
    logApiError(request.method, path, apiError, error);
    return errorResponse(apiError);
  }
}
