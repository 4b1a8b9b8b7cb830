// The browser's calls to Better Auth's endpoints (/api/auth/*), which answer `{ code, message }` on
// failure rather than the dashboard's envelope. The message is Better Auth's (or our sign-in limit's,
// with the wait), shown as it is.

export class AuthRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "AuthRequestError";
  }
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
    throw new AuthRequestError(0, "The dashboard could not be reached. Check your connection and try again.");
  }
  const answer = (await response.json().catch(() => null)) as {
    message?: unknown;
    error?: { message?: unknown };
  } | null;
  if (!response.ok) {
    const message = answer?.message ?? answer?.error?.message;
    throw new AuthRequestError(
      response.status,
      typeof message === "string" && message ? message : `Signing in failed (status ${response.status}). Try again.`,
    );
  }
  return answer as T;
}

export const signInWithPassword = (email: string, password: string) =>
  postAuth<{ user: unknown }>("sign-in/email", { email, password });

/** Starts single sign-on; answers the identity provider's URL to go to. */
export const startSingleSignOn = (callbackURL: string) =>
  postAuth<{ url: string }>("sign-in/social", { provider: "oidc", callbackURL, errorCallbackURL: "/sign-in" });
