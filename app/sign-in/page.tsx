import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AuthCard } from "@/components/auth-card";
import { SignInForm } from "@/components/sign-in-form";
import { getPageSession } from "@/lib/auth/server/page-session";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getStore } from "@/lib/store/store";

export const metadata: Metadata = { title: "Sign in · VPS.org backups" };

// Single sign-on comes back here with ?error=CODE when the identity provider or the dashboard refused.
const SSO_ERRORS: Record<string, string> = {
  BANNED_USER: "This account is disabled. Ask an administrator of the dashboard.",
  access_denied: "The identity provider refused the sign-in.",
};

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  if (await getPageSession()) redirect(next);
  const { config } = await getStore();
  const code = typeof params.error === "string" ? params.error.slice(0, 64) : null;
  const initialError = code
    ? (SSO_ERRORS[code] ?? `Single sign-on failed (${code}). Try again, or sign in with your password.`)
    : null;

  return (
    <AuthCard title="Sign in" intro="Use the account an administrator of the dashboard gave you.">
      <SignInForm next={next} sso={config.oidc !== null} initialError={initialError} />
    </AuthCard>
  );
}
