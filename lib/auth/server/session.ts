import "server-only";
import type { CurrentSession } from "@/lib/auth/signed-in-user";
import { roleSchema } from "@/lib/auth/roles";
import type { Store } from "@/lib/store/store";

// For the route wrapper and the pages: who is signed in, read from the session cookie.

export type { CurrentSession, SignedInUser } from "@/lib/auth/signed-in-user";

/** The signed-in user of a request, or null (no cookie, expired, signed out, or disabled). */
export async function getCurrentSession(store: Store, headers: Headers): Promise<CurrentSession | null> {
  const result = await store.auth.api.getSession({ headers, query: { disableCookieCache: true } });
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
