// The browser's calls to Better Auth's endpoints (/api/auth/*), which answer `{ code, message }` on
// failure rather than the dashboard's envelope. The message is Better Auth's (or our sign-in limit's,
// with the wait), in English; with its code and the wait a page words it in the reader's language
// (authErrorText).

export class AuthRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Better Auth's code (e.g. INVALID_EMAIL_OR_PASSWORD); "network" when there was no answer. */
    readonly code: string | null = null,
    /** From Retry-After, when the sign-in limit or the rate limiter answered 429. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "AuthRequestError";
  }
}

/** The catalog key and values for an AuthRequestError (the SignIn namespace's `errors`). */
export function authErrorText(error: AuthRequestError): { key: string; values: Record<string, string | number> } {
  if (error.code === "network") return { key: "errors.network", values: {} };
  if (error.code === "INVALID_EMAIL_OR_PASSWORD") return { key: "errors.invalidCredentials", values: {} };
  if (error.status === 429)
    return error.retryAfterSeconds === null
      ? { key: "errors.tooMany", values: {} }
      : { key: "errors.tooManyWait", values: { seconds: error.retryAfterSeconds } };
  return { key: "errors.other", values: { status: error.status } };
}

export async function postAuth<T>(path: string, body: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api/auth/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      cache: "no-store",
    });
  } catch {
    throw new AuthRequestError(
      0,
      "The dashboard could not be reached. Check your connection and try again.",
      "network",
    );
  }
  const answer = (await response.json().catch(() => null)) as {
    message?: unknown;
    code?: unknown;
    error?: { message?: unknown; code?: unknown };
  } | null;
  if (!response.ok) {
    const message = answer?.message ?? answer?.error?.message;
    const code = answer?.code ?? answer?.error?.code;
    const wait = Number(response.headers.get("retry-after"));
    throw new AuthRequestError(
      response.status,
      typeof message === "string" && message ? message : `Signing in failed (status ${response.status}). Try again.`,
      typeof code === "string" ? code : null,
      Number.isFinite(wait) && wait > 0 ? Math.ceil(wait) : null,
    );
  }
  return answer as T;
}

export const signInWithPassword = (email: string, password: string) =>
  postAuth<{ user: unknown }>("sign-in/email", { email, password });

/** Starts single sign-on; answers the identity provider's URL to go to. */
export const startSingleSignOn = (callbackURL: string) =>
  postAuth<{ url: string }>("sign-in/social", { provider: "oidc", callbackURL, errorCallbackURL: "/sign-in" });
