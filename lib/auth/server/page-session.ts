import "server-only";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { getCurrentSession, type CurrentSession } from "@/lib/auth/server/session";
import { getStore } from "@/lib/store/store";

// For the pages (server components): who is signed in. Every page but /sign-in and /setup calls
// requirePageSession, so it is checked here, on the server, for each request; there is no other gate.

/** The session of this request, read once per render. */
export const getPageSession = cache(async (): Promise<CurrentSession | null> => {
  // headers() first: it makes the page dynamic, so a build never opens the store to prerender one.
  const requestHeaders = await headers();
  return getCurrentSession(await getStore(), requestHeaders);
});

/** The session, or a redirect to the sign-in page that comes back to `returnTo`. */
export async function requirePageSession(returnTo: string): Promise<CurrentSession> {
  const session = await getPageSession();
  if (!session) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return session;
}
