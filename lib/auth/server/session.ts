import "server-only";
import type { CurrentSession } from "@/lib/auth/signed-in-user";
import { roleSchema } from "@/lib/auth/roles";
import { answeringError } from "@/lib/http/server/api-error";
import type { Store } from "@/lib/store/store";

// For the route wrapper and the pages: who is signed in, read from the session cookie.

export type { CurrentSession, SignedInUser } from "@/lib/auth/signed-in-user";

/** The signed-in user of a request, or null (no cookie, expired, signed out, or disabled). */
export async function getCurrentSession(store: Store, headers: Headers): Promise<CurrentSession | null> {
  let result: Awaited<ReturnType<Store["auth"]["api"]["getSession"]>>;
  try {
    result = await store.auth.api.getSession({ headers, query: { disableCookieCache: true } });
  } catch (error) {
    // Better Auth wraps a failed query in a 500 of its own; what failed (the database that cannot be
    // reached: 503 store_unavailable, and the pages' error page) is what is thrown on.
    throw answeringError(error) ?? error;
  }
  if (!result) return null;
  const role = roleSchema.safeParse(result.user.role);
  return {
    user: {
      id: result.user.id,
      email: result.user.email,
      name: result.user.name,
      role: role.success ? role.data : null,
    },
    sessionId: result.session.id,
    expiresAt: new Date(result.session.expiresAt).toISOString(),
  };
}
