import { isReservedKey, unknownFieldsRefusal } from "@/lib/api/reserved-keys";
import type { ApiErrorBody } from "@/lib/http/api-error";

// What proxy.ts refuses in an /api request as it arrived, before Next.js routes it; the proxy is
// given the original URL (`skipProxyUrlNormalize` in next.config.ts). No zod and no server-only
// module here: this runs in the proxy's bundle.
//
// - A reserved query name (`?__proto__=`, `?constructor=`…): Next.js's router turns the query into a
//   plain object, which silently drops `__proto__` (and mangles the other inherited names), so no
//   route handler could see, let alone refuse, such a parameter.

/** 400 `invalid_input` for what no /api route accepts, in the error envelope; null for anything else. */
export function rawRequestRefusal(rawUrl: string): Response | null {
  const url = new URL(rawUrl);
  const reserved = [...new Set([...url.searchParams.keys()].filter(isReservedKey))].sort();
  if (reserved.length > 0) {
    const { message, fields } = unknownFieldsRefusal("query", reserved);
    return invalidInput(message, fields);
  }
  return null;
}

function invalidInput(message: string, fields: Record<string, string[]>): Response {
  const body: ApiErrorBody = { error: { code: "invalid_input", message, fields } };
  return Response.json(body, { status: 400, headers: { "Cache-Control": "no-store" } });
}
