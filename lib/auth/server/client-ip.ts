import "server-only";
import { getIP } from "better-auth/api";
import type { Store } from "@/lib/store/store";

/**
 * The client's address as Better Auth reads it for the sign-in limit (X-Forwarded-For, through the
 * proxies of AUTH_TRUSTED_PROXIES), so the audit log of our routes and of sign-ins agree.
 */
export function clientIp(store: Store, request: Request): string | null {
  return getIP(request, store.auth.options)?.slice(0, 64) ?? null;
}
