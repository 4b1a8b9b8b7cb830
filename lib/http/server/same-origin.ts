import "server-only";
import { ApiError } from "@/lib/http/server/api-error";

// Cross-site request forgery: a state-changing request (POST, PUT, PATCH, DELETE) must come from a
// page of the dashboard itself. Browsers send `Origin` on every such request (and `Sec-Fetch-Site`
// on every request); a page on another site cannot forge either. A client that sends neither is not
// a browser (curl, a script), so it carries no victim's cookie. The session cookie is also
// SameSite=Lax: a defence in depth, not the only one.

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function isSafeMethod(method: string): boolean {
  return SAFE_METHODS.has(method.toUpperCase());
}

/** The refusal for a cross-site state-changing request, or null when the request may go on. */
export function crossSiteRefusal(request: Request, ownOrigin: string): ApiError | null {
  if (isSafeMethod(request.method)) return null;
  const expected = new URL(ownOrigin).origin;
  const origin = request.headers.get("origin");
  if (origin !== null) {
    if (origin === expected) return null;
    return new ApiError(
      "csrf_rejected",
      `Refused: this request came from another site (${origin.slice(0, 100)}), not from the dashboard at ${expected}.`,
    );
  }
  const site = request.headers.get("sec-fetch-site");
  if (site === null || site === "same-origin") return null;
  return new ApiError(
    "csrf_rejected",
    `Refused: this request came from another site (Sec-Fetch-Site: ${site.slice(0, 20)}), not from the dashboard.`,
  );
}
