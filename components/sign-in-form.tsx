"use client";

import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { Spinner } from "@/components/spinner";
import { EmailField, PasswordField } from "@/components/form-field";
import { buttonStyles, dialogStyles } from "@/components/styles";
import { authErrorText, AuthRequestError, signInWithPassword, startSingleSignOn } from "@/lib/auth/client/auth-request";
import { safeReturnPath } from "@/lib/auth/return-path";

interface SignInFormProps {
  /** Where to go once signed in: a path of this site. */
  next: string;
  /** Whether single sign-on (OIDC) is configured. */
  sso: boolean;
  /** An error to show at once, e.g. after single sign-on came back refused. */
  initialError: string | null;
}

export function SignInForm({ next, sso, initialError }: SignInFormProps) {
  const t = useTranslations("SignIn");
  const locale = useLocale();
  const id = useId();
  const router = useRouter();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState<"password" | "sso" | null>(null);
  const [error, setError] = useState<string | null>(initialError);

  async function run(kind: "password" | "sso", action: () => Promise<void>) {
    setPending(kind);
    setError(null);
    try {
      await action();
    } catch (caught) {
      // English pages show Better Auth's own words (the sign-in limit's with its wait), as before.
      if (!(caught instanceof AuthRequestError)) setError(t("failed"));
      else if (locale === "en") setError(caught.message);
      else {
        const { key, values } = authErrorText(caught);
        setError(t(key as "errors.other", values as { status: number }));
      }
      setPending(null);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    void run("password", async () => {
      await signInWithPassword(email.trim(), password);
      // Rendered again on the server, now with the session cookie. Checked here too: the form
      // never navigates off the site, whatever it was handed.
      router.replace(safeReturnPath(next, window.location.origin));
      router.refresh();
    });
  }

  return (
    <div className="space-y-5">
      <form onSubmit={onSubmit} className="space-y-4" aria-describedby={error ? `${id}-error` : undefined}>
        <EmailField
          label={t("email")}
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <PasswordField label={t("password")} value={password} onChange={(e) => setPassword(e.target.value)} />
        {error ? (
          <div id={`${id}-error`} role="alert" className={dialogStyles.error}>
            {error}
          </div>
        ) : null}
        <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending !== null}>
          {pending === "password" ? <Spinner /> : null}
          {pending === "password" ? t("signingIn") : t("signIn")}
        </button>
      </form>
      {sso ? (
        <>
          <p className="flex items-center gap-3 text-xs text-zinc-600 uppercase dark:text-zinc-400">
            <span aria-hidden="true" className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
            {t("or")}
            <span aria-hidden="true" className="h-px flex-1 bg-zinc-200 dark:bg-zinc-800" />
          </p>
          <button
            type="button"
            className={`${buttonStyles.secondary} w-full`}
            disabled={pending !== null}
            onClick={() =>
              void run("sso", async () => {
                const { url } = await startSingleSignOn(safeReturnPath(next, window.location.origin));
                window.location.assign(url);
              })
            }
          >
            {pending === "sso" ? <Spinner /> : null}
            {t("sso")}
          </button>
        </>
      ) : null}
    </div>
  );
}
