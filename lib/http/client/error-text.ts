import type { RequestErrorCode } from "@/lib/http/client/fetch-json";

// What the page says for a failed request, by its code (the API's contract), in the page's language.
// The dashboard writes its messages in English: on an English page its message is shown as it is (it
// says more than the code's text does); on a page in another language, the code's text, then the
// server's words as a detail.

/** The language the dashboard's own messages (the API's `message`, the client's) are written in. */
export const MESSAGE_LOCALE = "en";

/** An error as the page gets it: an ApiRequestError (with its code and status), or anything else thrown. */
export interface ShownError {
  message: string;
  code?: unknown;
  status?: unknown;
}

/** A translator of the "Errors" namespace: a message per code, "unknown", and "statusDetail" ({status}). */
export type ErrorTranslator = (
  key: RequestErrorCode | "unknown" | "statusDetail",
  values?: { status: number },
) => string;

export interface ShownErrorText {
  text: string;
  /** The server's own words, when they add to `text`; in MESSAGE_LOCALE. */
  detail: string | null;
}

// Every code, checked against the type (lib/http/api-error.ts itself is not imported: it pulls zod
// into the page's bundle).
const knownCodes: Record<RequestErrorCode, true> = {
  invalid_input: true,
  ambiguous_credentials: true,
  unauthenticated: true,
  forbidden: true,
  csrf_rejected: true,
  not_found: true,
  method_not_allowed: true,
  provider_refused: true,
  conflict: true,
  backup_protected: true,
  idempotency_key_in_use: true,
  idempotency_outcome_unknown: true,
  payload_too_large: true,
  unsupported_media_type: true,
  idempotency_key_reused: true,
  rate_limited: true,
  internal_error: true,
  audit_write_failed: true,
  provider_unavailable: true,
  provider_token_rejected: true,
  store_unavailable: true,
  provider_timeout: true,
  network: true,
  unexpected_response: true,
};
const requestErrorCodes = new Set<string>(Object.keys(knownCodes));

function codeOf(error: ShownError): RequestErrorCode | undefined {
  return typeof error.code === "string" && requestErrorCodes.has(error.code)
    ? (error.code as RequestErrorCode)
    : undefined;
}

export function errorText(error: ShownError, locale: string, t: ErrorTranslator): ShownErrorText {
  const code = codeOf(error);
  if (locale === MESSAGE_LOCALE) return { text: error.message || t(code ?? "unknown"), detail: null };
  if (code === undefined) return { text: t("unknown"), detail: error.message || null };
  // The client's own codes: its English text adds nothing; the HTTP status, when there was one, may.
  if (code === "network") return { text: t(code), detail: null };
  if (code === "unexpected_response") {
    const status = typeof error.status === "number" && error.status > 0 ? error.status : null;
    return { text: t(code), detail: status === null ? null : t("statusDetail", { status }) };
  }
  return { text: t(code), detail: error.message || null };
}
