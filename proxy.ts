import type { NextRequest } from "next/server";
import { rawRequestRefusal } from "@/lib/api/raw-request";

// Runs before Next.js routes an /api request, on the URL as it arrived (`skipProxyUrlNormalize`):
// refuses, in the error envelope, what the router would otherwise drop silently (a `?__proto__=`
// parameter) or fail on with a plain-text 500 (a path that does not decode). Everything else goes on
// to the route handlers, where defineRoute checks the rest.
export function proxy(request: NextRequest): Response | undefined {
  return rawRequestRefusal(request.url) ?? undefined;
}

export const config = {
  matcher: ["/api/:path*"],
};
