import * as z from "zod";
import { STORE_UNAVAILABLE_DIGEST } from "@/lib/http/store-digest";

// The one error envelope every /api route answers with: { "error": { code, message, fields? } }.
// The codes are a closed set; each maps to exactly one HTTP status.

export const apiErrorStatus = {
  invalid_input: 400,
  ambiguous_credentials: 400, // an API key and a session cookie in one request: send one or the other
  unauthenticated: 401, // no session: sign in first
  forbidden: 403, // signed in, but the role does not allow it
  csrf_rejected: 403, // a state-changing request from another site (Origin / Sec-Fetch-Site)
  not_found: 404,
  method_not_allowed: 405,
  provider_refused: 409, // VPS.org refused by rule: the manual-backup quota, restoring a backup that is not completed…
  conflict: 409, // the dashboard refused by its own rule: an email already taken, the last admin, one's own account, already set up
  backup_protected: 409, // the backup is protected in the dashboard: unprotect it before deleting it
  idempotency_key_in_use: 409, // a request with this Idempotency-Key is still running (on any instance): retry with the same key
  idempotency_outcome_unknown: 409, // an earlier request with this key was interrupted; whether VPS.org acted is unknown, it is not sent again
  payload_too_large: 413,
  unsupported_media_type: 415,
  idempotency_key_reused: 422, // the Idempotency-Key was already used for a different request (IETF httpapi draft)
  rate_limited: 429,
  internal_error: 500,
  audit_write_failed: 500, // the audit log could not be written: the action was not done (or, after it, not recorded)
  provider_unavailable: 502, // VPS.org failed, answered garbage or could not be reached
  provider_token_rejected: 502, // the server's VPS.org token was rejected or lacks a permission: an operator problem
  store_unavailable: 503, // the dashboard's own database cannot be reached right now: try again shortly (Retry-After)
  provider_timeout: 504,
} as const;

export type ApiErrorCode = keyof typeof apiErrorStatus;

const apiErrorCodes = Object.keys(apiErrorStatus) as [ApiErrorCode, ...ApiErrorCode[]];

export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(apiErrorCodes),
    message: z.string(),
    fields: z.record(z.string(), z.array(z.string())).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

/** The error page's digest for an unreachable store is the API's code (lib/http/store-digest.ts). */
export { STORE_UNAVAILABLE_DIGEST };
STORE_UNAVAILABLE_DIGEST satisfies ApiErrorCode;
