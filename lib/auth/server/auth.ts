import "server-only";
import { betterAuth } from "better-auth";
import { admin } from "better-auth/plugins/admin";
import { genericOAuth } from "better-auth/plugins/generic-oauth";
import type { Kysely } from "kysely";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/role-names";
import type { AuthConfig } from "@/lib/auth/server/auth-env";
import { CLIENT_ADDRESS_HEADER } from "@/lib/auth/server/client-address";
import { accessControl, DEFAULT_ROLE, roles } from "@/lib/auth/roles";
import { signInGuard } from "@/lib/auth/server/sign-in-guard";
import { DEFAULT_SIGN_IN_LIMIT, type SignInLimit } from "@/lib/auth/server/sign-in-limit";
import type { Database, Dialect } from "@/lib/db/schema";
import { asApiError } from "@/lib/http/server/api-error";
import { componentLogger } from "@/lib/log/logger";

/** The provider id of the single sign-on provider: its callback is /api/auth/callback/oidc. */
export const OIDC_PROVIDER_ID = "oidc";

export interface CreateAuthOptions {
  db: Kysely<Database>;
  dialect: Dialect;
  config: AuthConfig;
  /** Tests lower it; the default is DEFAULT_SIGN_IN_LIMIT (lib/auth/sign-in-limit.ts). */
  signInLimit?: SignInLimit;
}

/**
 * Better Auth on the dashboard's own store: email + password (sign-up off: admins add users),
 * database sessions in an httpOnly SameSite=Lax cookie (Secure on https), roles through the admin
 * plugin, optional OpenID Connect single sign-on. Passwords are hashed with Better Auth's default,
 * scrypt: a deliberately slow, memory-hard key-derivation function.
 */
export function createAuth({ db, dialect, config, signInLimit = DEFAULT_SIGN_IN_LIMIT }: CreateAuthOptions) {
  const oidc = config.oidc;
  return betterAuth({
    appName: "VPS.org backups dashboard",
    baseURL: config.baseURL,
    basePath: "/api/auth",
    secret: config.secret,
    // The same Kysely instance as our own tables; `transaction` lets Better Auth group its writes.
    database: { db, type: dialect, transaction: true },
    emailAndPassword: {
      enabled: true,
      disableSignUp: true,
      minPasswordLength: MIN_PASSWORD_LENGTH,
      maxPasswordLength: MAX_PASSWORD_LENGTH,
    },
    session: {
      expiresIn: config.sessionTtlSeconds,
      // Sliding: an active session is extended at most once a day (or twice per lifetime if shorter).
      updateAge: Math.min(24 * 60 * 60, Math.floor(config.sessionTtlSeconds / 2)),
      // Every request reads the session row, so ending a session (sign-out, ban) takes effect at once.
      cookieCache: { enabled: false },
    },
    account: {
      accountLinking: {
        enabled: true,
        // Our own identity provider, configured by the operator: an SSO sign-in with the email of a
        // user an admin added signs that user in (keeping their role) rather than failing.
        trustedProviders: oidc ? [OIDC_PROVIDER_ID] : [],
      },
    },
    advanced: {
      useSecureCookies: config.secureCookies,
      cookiePrefix: "vpsdash",
      defaultCookieAttributes: { httpOnly: true, sameSite: "lax", secure: config.secureCookies, path: "/" },
      // Better Auth's own limiter and the sessions' ipAddress read the address the start command's
      // server wrote (lib/auth/server/client-address.ts), the same as ours; without that server, none at all
      // rather than a header the client chose.
      ipAddress: config.clientAddressFromServer
        ? { ipAddressHeaders: [CLIENT_ADDRESS_HEADER], trustedProxies: [] }
        : { disableIpTracking: true },
    },
    // Better Auth's own limiter (per IP and path, in the database so instances share it) for every
    // other endpoint; password sign-in is limited by signInGuard (lib/auth/sign-in-limit.ts).
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 100,
      customRules: { "/sign-in/email": false },
    },
    // `throw`: an error that is not Better Auth's own (a query that failed) leaves its handler to ours
    // (lib/auth/server/auth-handler.ts), which answers it in the dashboard's envelope (503
    // store_unavailable, or a logged 500) instead of an empty 500.
    onAPIError: { errorURL: `${config.baseURL}/sign-in`, throw: true },
    logger: { log: logBetterAuth },
    telemetry: { enabled: false },
    plugins: [
      admin({
        ac: accessControl,
        roles,
        defaultRole: DEFAULT_ROLE,
        adminRoles: ["admin"],
        bannedUserMessage: "This account is disabled. Ask an administrator of the dashboard.",
      }),
      genericOAuth({
        config: oidc
          ? [
              {
                providerId: OIDC_PROVIDER_ID,
                name: "Single sign-on",
                clientId: oidc.clientId,
                clientSecret: oidc.clientSecret,
                discoveryUrl: oidc.discoveryUrl,
                scopes: ["openid", "email", "profile"],
                pkce: true,
                mapProfileToUser: (profile) => ({
                  name: typeof profile.name === "string" && profile.name ? profile.name : String(profile.email ?? ""),
                }),
              },
            ]
          : [],
      }),
      signInGuard({ db, config, limit: signInLimit }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * Better Auth's log lines, through the dashboard's logger (`better-auth`), except about a database that cannot be
 * reached: the store logs an outage once (lib/db/store-connectivity.ts) and the handlers one line per
 * request, so its stack trace for every request of the outage would add nothing.
 */
function logBetterAuth(level: "info" | "warn" | "error" | "debug", message: string, ...args: unknown[]): void {
  if (args.some((arg) => asApiError(arg).code === "store_unavailable")) return;
  const log = componentLogger("better-auth");
  // What it passes with its message: an error (with its stack), or other values as they are.
  const errors = args.filter((arg) => arg instanceof Error);
  const details = args.filter((arg) => !(arg instanceof Error));
  const fields = {
    ...(errors.length > 0 ? { err: errors[0] } : {}),
    ...(details.length > 0 ? { details } : {}),
  };
  log[level](fields, message);
}
