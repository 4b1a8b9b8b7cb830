import "server-only";
import { errorResponse } from "@/lib/http/server/api-error";
import { crossSiteRefusal } from "@/lib/http/server/same-origin";
import { getStore } from "@/lib/store/store";

// The identity provider's form_post answer is a cross-site POST by design; the OAuth state (bound to
// this browser's cookie) and PKCE protect it instead.
const CROSS_SITE_ALLOWED = /^\/api\/auth\/callback\/[^/]+$/;

/**
 * Better Auth's request handler on the migrated store: what each app/api/auth route file exports.
 * A state-changing request from another site is refused first, as on every other /api route.
 */
export async function handleAuthRequest(request: Request): Promise<Response> {
  const { auth, config } = await getStore();
  if (!CROSS_SITE_ALLOWED.test(new URL(request.url).pathname)) {
    const refusal = crossSiteRefusal(request, config.baseURL);
    if (refusal) return errorResponse(refusal);
  }
  return auth.handler(request);
}
