/** Bearer token check, DRF style. */
import { timingSafeEqual } from "node:crypto";

import type { AuthorizationState } from "./request-log";

/**
 * `missing` when there is no Authorization header or it uses another scheme (DRF's
 * authenticator then sees no credentials of its own); `invalid` for a wrong or malformed Bearer token.
 */
export function authorizationState(header: string | undefined, token: string): AuthorizationState {
  const parts = header?.trim().split(/\s+/) ?? [];
  const [scheme, credential, ...rest] = parts;
  if (scheme === undefined || scheme === "" || scheme.toLowerCase() !== "bearer") return "missing";
  if (credential === undefined || rest.length > 0) return "invalid";
  return sameSecret(credential, token) ? "valid" : "invalid";
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export const AUTH_DETAILS: Readonly<Record<Exclude<AuthorizationState, "valid">, string>> = {
  missing: "Authentication credentials were not provided.",
  invalid: "Invalid token.",
};
