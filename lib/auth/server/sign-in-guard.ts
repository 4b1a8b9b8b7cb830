import "server-only";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import type { Kysely } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import { recordRefusal, type RefusedAttempt } from "@/lib/audit/server/refusals";
import type { AuthConfig } from "@/lib/auth/server/auth-env";
import { clientAddressOf } from "@/lib/auth/server/client-ip";
import {
  consumeSignInAttempt,
  rememberSuccessfulSignIn,
  signInLimitMessage,
  type SignInLimit,
} from "@/lib/auth/server/sign-in-limit";
import type { Database } from "@/lib/db/schema";
import { fromDbBoolean } from "@/lib/db/values";

// A Better Auth plugin of ours: limits password sign-in attempts (lib/auth/sign-in-limit.ts) before
// Better Auth checks the password, and writes every sign-in (password or single sign-on, success or
// failure) to the audit log before the response leaves: a success as it is, a failure bounded per
// minute (lib/audit/server/refusals.ts), so nobody can flood the log. A failed audit write fails the request.

const PASSWORD_SIGN_IN = "/sign-in/email";
const OAUTH_CALLBACK = "/callback/:id";

export function signInGuard(options: {
  db: Kysely<Database>;
  config: AuthConfig;
  limit: SignInLimit;
}): BetterAuthPlugin {
  const { db, config, limit } = options;
  const clientIp = (ctx: HookContext): string | null => {
    const headers = ctx.request?.headers ?? ctx.headers;
    return headers ? clientAddressOf(config, headers) : null;
  };
  /**
   * A hook on the password sign-in, given its account and address; a body without an email is left to
   * Better Auth, which refuses it before any password check.
   */
  const passwordSignIn = (
    handle: (ctx: HookContext, attempt: { email: string; ip: string | null }) => Promise<void>,
  ) => ({
    matcher: (context: { path?: string }) => context.path === PASSWORD_SIGN_IN,
    handler: createAuthMiddleware(async (ctx) => {
      const email = typeof ctx.body?.email === "string" ? ctx.body.email.trim().toLowerCase() : null;
      if (email) await handle(ctx, { email, ip: clientIp(ctx) });
    }),
  });
  const failedSignIn = (
    ip: string | null,
    target: RefusedAttempt["target"],
    outcome: { code: string; message: string },
  ) =>
    recordRefusal(db, {
      actor: null,
      action: "auth.sign_in_failed",
      target,
      ip,
      code: outcome.code,
      message: outcome.message,
    });
  return {
    id: "dashboard-sign-in-guard",
    hooks: {
      before: [
        passwordSignIn(async (_ctx, { email, ip }) => {
          const decision = await consumeSignInAttempt(db, { email, ip }, limit);
          if (decision.allowed) {
            // A disabled account is refused before its password is checked, exactly as a wrong
            // password (Better Auth would answer its right password with 403 BANNED_USER, and so
            // confirm it); the audit entry keeps the real reason for the admins.
            if (!(await isDisabled(db, email))) return;
            await failedSignIn(ip, passwordTarget(email), {
              code: "BANNED_USER",
              message: "The account is disabled.",
            });
            throw wrongPassword();
          }
          const message = signInLimitMessage(decision);
          await failedSignIn(ip, passwordTarget(email), { code: "rate_limited", message });
          throw new APIError(
            "TOO_MANY_REQUESTS",
            { code: "SIGN_IN_RATE_LIMITED", message, retryAfterSeconds: decision.retryAfterSeconds },
            { "Retry-After": String(decision.retryAfterSeconds) },
          );
        }),
      ],
      after: [
        passwordSignIn(async (ctx, { email, ip }) => {
          const user = ctx.context.newSession?.user;
          const returned = ctx.context.returned;
          if (user && !isAPIError(returned)) {
            await rememberSuccessfulSignIn(db, { email, ip });
            await recordAudit(db, {
              actor: { id: user.id, email: user.email },
              action: "auth.sign_in",
              target: { userId: user.id, userEmail: user.email, description: "password" },
              ip,
              outcome: "success",
            });
            return;
          }
          const failure = isAPIError(returned)
            ? {
                code: returned.body?.code ?? String(returned.status),
                message: returned.body?.message ?? returned.message,
              }
            : { code: "unknown", message: "The sign-in did not create a session." };
          await failedSignIn(ip, passwordTarget(email), failure);
        }),
        {
          matcher: (context) => context.path === OAUTH_CALLBACK,
          handler: createAuthMiddleware(async (ctx) => {
            const providerId = typeof ctx.params?.id === "string" ? ctx.params.id : "unknown";
            const description = `single sign-on (${providerId})`;
            const ip = clientIp(ctx);
            const user = ctx.context.newSession?.user;
            if (user) {
              await recordAudit(db, {
                actor: { id: user.id, email: user.email },
                action: "auth.sign_in",
                target: { userId: user.id, userEmail: user.email, description },
                ip,
                outcome: "success",
              });
              return;
            }
            const location = redirectLocation(ctx.context.returned);
            // A form_post callback is first redirected to the GET one: that is not an outcome yet.
            if (location?.pathname.endsWith(`/callback/${providerId}`)) return;
            const code = location?.searchParams.get("error") ?? "unknown";
            await failedSignIn(
              ip,
              { description },
              {
                code: code.slice(0, 64),
                message: (location?.searchParams.get("error_description") ?? "Single sign-on failed.").slice(0, 1000),
              },
            );
          }),
        },
      ],
    },
  };
}

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

const passwordTarget = (email: string) => ({ userEmail: email, description: "password" });

async function isDisabled(db: Kysely<Database>, email: string): Promise<boolean> {
  const user = await db.selectFrom("user").select("banned").where("email", "=", email).executeTakeFirst();
  return fromDbBoolean(user?.banned);
}

/** Exactly Better Auth's answer to a wrong password (lib/auth/server/auth.ts has it sign in by email). */
function wrongPassword(): APIError {
  return new APIError("UNAUTHORIZED", { code: "INVALID_EMAIL_OR_PASSWORD", message: "Invalid email or password" });
}

function redirectLocation(returned: unknown): URL | null {
  if (!isAPIError(returned) || !returned.headers) return null;
  const location = new Headers(returned.headers).get("location");
  if (!location) return null;
  try {
    return new URL(location, "http://placeholder.invalid");
  } catch {
    return null;
  }
}
