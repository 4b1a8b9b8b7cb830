import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { AuthCard } from "@/components/auth-card";
import { SignInForm } from "@/components/sign-in-form";
import { getPageSession } from "@/lib/auth/server/page-session";
import { safeReturnPath } from "@/lib/auth/return-path";
import { getStore } from "@/lib/store/store";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("SignIn");
  return { title: t("metaTitle") };
}

// Single sign-on comes back here with ?error=CODE when the identity provider or the dashboard refused:
// the codes that have their own message (SignIn messages); any other is named in "ssoFailed".
const SSO_ERRORS = { BANNED_USER: "ssoBanned", access_denied: "ssoDenied" } as const;

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const next = safeReturnPath(params.next);
  if (await getPageSession()) redirect(next);
  const { config } = await getStore();
  const t = await getTranslations("SignIn");
  const code = typeof params.error === "string" ? params.error.slice(0, 64) : null;
  const initialError = code
    ? Object.hasOwn(SSO_ERRORS, code)
      ? t(SSO_ERRORS[code as keyof typeof SSO_ERRORS])
      : t("ssoFailed", { code })
    : null;

  return (
    <AuthCard title={t("title")} intro={t("intro")}>
      <SignInForm next={next} sso={config.oidc !== null} initialError={initialError} />
    </AuthCard>
  );
}
