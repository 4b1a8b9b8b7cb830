import { randomBytes } from "node:crypto";
import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import * as z from "zod";
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/role-names";
import { CLIENT_ADDRESS_FROM_SERVER_ENV, isProxyEntry } from "@/lib/auth/server/client-address";
import { ConfigError } from "@/lib/config/env-schema";
import { httpUrl, optionalText, requireVariable, wholeNumberOr } from "@/lib/config/env-vars";
import { ensurePrivateDir, tightenFile } from "@/lib/db/private-files";

// The sign-in configuration, parsed with zod like lib/config/env-schema.ts: a bad variable stops
// start-up with its name; secrets and passwords are never echoed.

export const DEFAULT_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;

export const authEnvSchema = z
  .object({
    NODE_ENV: optionalText,
    PORT: wholeNumberOr(3000, 1, 65_535),
    // Only read to tell production (a real VPS.org account) from the simulator.
    VPSORG_API_URL: optionalText,
    BETTER_AUTH_SECRET: optionalText.pipe(
      z
        .string()
        .min(32, { error: "must be at least 32 characters (generate one with `openssl rand -base64 32`)" })
        .optional(),
    ),
    BETTER_AUTH_URL: optionalText.pipe(httpUrl().optional()),
    AUTH_SESSION_TTL_SECONDS: wholeNumberOr(DEFAULT_SESSION_TTL_SECONDS, 60, 365 * 24 * 60 * 60),
    AUTH_TRUSTED_PROXIES: optionalText
      .transform((value) =>
        value === undefined
          ? []
          : value
              .split(",")
              .map((part) => part.trim())
              .filter(Boolean),
      )
      .pipe(
        z.array(
          z.string().refine(isProxyEntry, { error: "must be a comma-separated list of IP addresses or CIDR ranges" }),
        ),
      ),
    // Set by the start command (scripts/app-server.ts), never by hand: see lib/auth/server/client-address.ts.
    [CLIENT_ADDRESS_FROM_SERVER_ENV]: optionalText,
    OIDC_ISSUER: optionalText.pipe(httpUrl().optional()),
    OIDC_CLIENT_ID: optionalText,
    OIDC_CLIENT_SECRET: optionalText,
    DASHBOARD_ADMIN_EMAIL: optionalText.pipe(z.email({ error: "must be an email address" }).optional()),
    DASHBOARD_ADMIN_PASSWORD: optionalText.pipe(
      z
        .string()
        .min(MIN_PASSWORD_LENGTH, { error: `must be at least ${MIN_PASSWORD_LENGTH} characters` })
        .max(MAX_PASSWORD_LENGTH, { error: `must be at most ${MAX_PASSWORD_LENGTH} characters` })
        .optional(),
    ),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && env.VPSORG_API_URL && !env.BETTER_AUTH_SECRET) {
      requireVariable(
        ctx,
        "BETTER_AUTH_SECRET",
        "in production (VPSORG_API_URL is set): generate one with `openssl rand -base64 32`",
      );
    }
    const oidc = {
      OIDC_ISSUER: env.OIDC_ISSUER,
      OIDC_CLIENT_ID: env.OIDC_CLIENT_ID,
      OIDC_CLIENT_SECRET: env.OIDC_CLIENT_SECRET,
    };
    const set = Object.entries(oidc).filter(([, value]) => value !== undefined);
    if (set.length > 0 && set.length < 3) {
      for (const [name, value] of Object.entries(oidc)) {
        if (value === undefined)
          requireVariable(ctx, name, "when any OIDC_* variable is set (single sign-on needs all three)");
      }
    }
    if (env.DASHBOARD_ADMIN_EMAIL && !env.DASHBOARD_ADMIN_PASSWORD) {
      requireVariable(ctx, "DASHBOARD_ADMIN_PASSWORD", "when DASHBOARD_ADMIN_EMAIL is set");
    }
    if (env.DASHBOARD_ADMIN_PASSWORD && !env.DASHBOARD_ADMIN_EMAIL) {
      requireVariable(ctx, "DASHBOARD_ADMIN_EMAIL", "when DASHBOARD_ADMIN_PASSWORD is set");
    }
  });

export type AuthEnv = z.infer<typeof authEnvSchema>;

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  discoveryUrl: string;
}

export interface AuthConfig {
  secret: string;
  /** "generated": created and kept under ./data/ because BETTER_AUTH_SECRET is unset (development, simulator). */
  secretSource: "env" | "generated";
  baseURL: string;
  /** Secure cookies (and the `__Secure-` prefix) exactly when the base URL is https. */
  secureCookies: boolean;
  sessionTtlSeconds: number;
  trustedProxies: string[];
  /**
   * Whether the start command's own HTTP server runs in front of the app and writes each request's
   * client address (lib/auth/server/client-address.ts). Without it (a bare `next start`) addresses are unknown.
   */
  clientAddressFromServer: boolean;
  oidc: OidcConfig | null;
  bootstrapAdmin: { email: string; password: string } | null;
}

/** Parses the sign-in variables; throws a ConfigError naming every bad one. */
export function parseAuthEnv(source: Record<string, string | undefined>): AuthEnv {
  const result = authEnvSchema.safeParse(source);
  if (result.success) return result.data;
  // The variable's name only (not `AUTH_TRUSTED_PROXIES.1`): that is what the operator sets.
  const lines = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? "environment")} ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}

export const GENERATED_SECRET_FILE = "auth-secret";

/** Resolves the parsed variables; with no BETTER_AUTH_SECRET, reads or creates one in `dataDir`. */
export function resolveAuthConfig(env: AuthEnv, dataDir: string): AuthConfig {
  const baseURL = (env.BETTER_AUTH_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, "");
  const secret = env.BETTER_AUTH_SECRET ?? readOrCreateSecret(dataDir);
  const oidc =
    env.OIDC_ISSUER && env.OIDC_CLIENT_ID && env.OIDC_CLIENT_SECRET
      ? {
          issuer: env.OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: env.OIDC_CLIENT_ID,
          clientSecret: env.OIDC_CLIENT_SECRET,
          discoveryUrl: `${env.OIDC_ISSUER.replace(/\/+$/, "")}/.well-known/openid-configuration`,
        }
      : null;
  return {
    secret,
    secretSource: env.BETTER_AUTH_SECRET ? "env" : "generated",
    baseURL,
    secureCookies: new URL(baseURL).protocol === "https:",
    sessionTtlSeconds: env.AUTH_SESSION_TTL_SECONDS,
    trustedProxies: env.AUTH_TRUSTED_PROXIES,
    clientAddressFromServer: env[CLIENT_ADDRESS_FROM_SERVER_ENV] === "1",
    oidc,
    bootstrapAdmin:
      env.DASHBOARD_ADMIN_EMAIL && env.DASHBOARD_ADMIN_PASSWORD
        ? { email: env.DASHBOARD_ADMIN_EMAIL.toLowerCase(), password: env.DASHBOARD_ADMIN_PASSWORD }
        : null,
  };
}

function readOrCreateSecret(dataDir: string): string {
  const file = path.join(dataDir, GENERATED_SECRET_FILE);
  ensurePrivateDir(dataDir, { tightenExisting: true });
  // Written whole to a temporary file, then linked into place (which fails if the file exists): two
  // processes starting together keep the same secret, and neither reads a half-written one.
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString("hex")}`;
  writeFileSync(temporary, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600 });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    unlinkSync(temporary);
  }
  tightenFile(file);
  const secret = readFileSync(file, "utf8").trim();
  if (secret.length < 32)
    throw new ConfigError(
      `Invalid configuration:\n  ${file} holds a secret shorter than 32 characters: delete it, or set BETTER_AUTH_SECRET`,
    );
  return secret;
}
