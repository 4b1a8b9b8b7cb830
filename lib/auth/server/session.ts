import "server-only";
import type { CurrentSession } from "@/lib/auth/signed-in-user";
import { roleSchema } from "@/lib/auth/roles";
import { checkedSession, isDisabled, type ValidatedSession } from "@/lib/auth/server/session-cache";
import { answeringError } from "@/lib/http/server/api-error";
import type { Store } from "@/lib/store/store";

// For the route wrapper and the pages: who is signed in, read from the session cookie.

export type { CurrentSession, SignedInUser } from "@/lib/auth/signed-in-user";

/**
 * The signed-in user of a request, or null (no cookie, expired, signed out, or disabled): validated
 * by Better Auth, or — the same Cookie header it validated on this instance a moment ago — by one
 * query of the session and its user (lib/auth/server/session-cache.ts).
 */
export async function getCurrentSession(store: Store, headers: Headers): Promise<CurrentSession | null> {
  const cookie = headers.get("cookie");
  if (!cookie) return (await validateSession(store, headers))?.session ?? null;
  try {
    return await checkedSession(store, store.db, cookie, () => validateSession(store, headers));
  } catch (error) {
    throw answeringError(error) ?? error;
  }
}

async function validateSession(store: Store, headers: Headers): Promise<ValidatedSession | null> {
  let result: Awaited<ReturnType<Store["auth"]["api"]["getSession"]>>;
  try {
    result = await store.auth.api.getSession({ headers, query: { disableCookieCache: true } });
  } catch (error) {
    // Better Auth wraps a failed query in a 500 of its own; what failed (the database that cannot be
    // reached: 503 store_unavailable, and the pages' error page) is what is thrown on.
    throw answeringError(error) ?? error;
  }
  if (!result) return null;
  // Disabling a user ends their sessions; one that outlived it anyway (the row edited by hand) does
  // not count either, as the remembered check has it (isDisabled).
  if (isDisabled(result.user.banned, result.user.banExpires ?? null, Date.now())) return null;
  const role = roleSchema.safeParse(result.user.role);
  return {
    session: {
      user: {
        id: result.user.id,
        email: result.user.email,
        name: result.user.name,
        role: role.success ? role.data : null,
      },
      sessionId: result.session.id,
      expiresAt: new Date(result.session.expiresAt).toISOString(),
    },
    token: result.session.token,
  };
}
