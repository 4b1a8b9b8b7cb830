import "server-only";
import type { AuthConfig } from "@/lib/auth/server/auth-env";
import { CLIENT_ADDRESS_HEADER, normalizeAddress } from "@/lib/auth/server/client-address";
import type { Store } from "@/lib/store/store";

/**
 * The client's address as the start command's server wrote it (lib/auth/server/client-address.ts): the
 * socket's peer, or through AUTH_TRUSTED_PROXIES the client X-Forwarded-For names. The only source
 * for the audit log of our routes, of sign-ins, and for the sign-in limit, so they all agree. Null
 * when no such server runs in front of the app (a bare `next start`): never a header the client chose.
 */
export function clientAddressOf(config: Pick<AuthConfig, "clientAddressFromServer">, headers: Headers): string | null {
  if (!config.clientAddressFromServer) return null;
  return normalizeAddress(headers.get(CLIENT_ADDRESS_HEADER))?.slice(0, 64) ?? null;
}

export function clientIp(store: Store, request: Request): string | null {
  return clientAddressOf(store.config, request.headers);
}
