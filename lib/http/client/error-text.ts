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

/** The keys of the "Errors" namespace that are not a code. */
const notCodes = new Set(["unknown", "statusDetail"]);

/**
 * The code of `error` when the page has a text for it: one of the "Errors" messages (`messages`,
 * the namespace as the page has it), own keys only. Every code has one (the catalogs' tests), so no
 * list of codes travels with the page (lib/http/api-error.ts itself is not imported: it pulls zod
 * into the page's bundle).
 */
function codeOf(error: ShownError, messages: object): RequestErrorCode | undefined {
  return typeof error.code === "string" && !notCodes.has(error.code) && Object.hasOwn(messages, error.code)
    ? (error.code as RequestErrorCode)
    : undefined;
}

/** `messages`: the "Errors" namespace's messages, as the page has them (`useMessages().Errors`). */
export function errorText(error: ShownError, locale: string, t: ErrorTranslator, messages: object): ShownErrorText {
  const code = codeOf(error, messages);
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
