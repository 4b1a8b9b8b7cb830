import { isReservedKey, unknownFieldsRefusal } from "@/lib/api/reserved-keys";
import type { ApiErrorBody } from "@/lib/http/api-error";

// What proxy.ts refuses in an /api request as it arrived, before Next.js routes it; the proxy is
// given the original URL (`skipProxyUrlNormalize` in next.config.ts). No zod and no server-only
// module here: this runs in the proxy's bundle.
//
// - A reserved query name (`?__proto__=`, `?constructor=`…): Next.js's router turns the query into a
//   plain object, which silently drops `__proto__` (and mangles the other inherited names), so no
//   route handler could see, let alone refuse, such a parameter.
// - A path that does not decode (`%ZZ`, `%E0%A4%A`: not two hex digits, or not UTF-8): Next.js
//   decodes the dynamic segments while routing, before any route handler runs, and its router then
//   fails with a plain-text 500 outside the error envelope.

/** 400 `invalid_input` for what no /api route accepts, in the error envelope; null for anything else. */
export function rawRequestRefusal(rawUrl: string): Response | null {
  const url = new URL(rawUrl);
  if (!isWellEncodedPath(url.pathname)) {
    return invalidInput(
      "Invalid path: it holds a malformed percent-encoding (a % not followed by two hex digits, or bytes that are not UTF-8).",
      { path: ["is not a well-formed percent-encoded path"] },
    );
  }
  const reserved = [...new Set([...url.searchParams.keys()].filter(isReservedKey))].sort();
  if (reserved.length > 0) {
    const { message, fields } = unknownFieldsRefusal("query", reserved);
    return invalidInput(message, fields);
  }
  return null;
}

/** Whether every segment of a raw (still percent-encoded) path decodes. */
export function isWellEncodedPath(pathname: string): boolean {
  for (const segment of pathname.split("/")) {
    try {
      decodeURIComponent(segment);
    } catch {
      return false;
    }
  }
  return true;
}

function invalidInput(message: string, fields: Record<string, string[]>): Response {
  const body: ApiErrorBody = { error: { code: "invalid_input", message, fields } };
  return Response.json(body, { status: 400, headers: { "Cache-Control": "no-store" } });
}
