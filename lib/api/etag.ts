import "server-only";
import { createHash } from "node:crypto";

// Cheap polling: an ETag that is a strong hash of the exact JSON body sent, and If-None-Match
// read the way RFC 9110 §13.1.2 says (weak comparison, a list of tags, or `*`).

/** A strong entity tag for these bytes: `"` + base64url(SHA-256) + `"`. */
export function strongETag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url")}"`;
}

/** Whether an If-None-Match header value names `etag`, so the client's copy is current. */
export function ifNoneMatchHas(header: string | null, etag: string): boolean {
  if (header === null) return false;
  if (header.trim() === "*") return true;
  const opaque = (tag: string) => tag.replace(/^W\//, "");
  const tags = header.match(/(?:W\/)?"[^"]*"/g) ?? [];
  return tags.some((tag) => opaque(tag) === opaque(etag));
}
