"use client";

import { useLocale, useTranslations } from "next-intl";
import { useErrorText } from "@/components/error-alert";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Spinner } from "@/components/spinner";
import { EmailField, PasswordField, TextField } from "@/components/form-field";
import { buttonStyles, dialogStyles } from "@/components/styles";
import { authErrorText, AuthRequestError, signInWithPassword } from "@/lib/auth/client/auth-request";
import { ApiRequestError } from "@/lib/http/client/fetch-json";
import { sendCompleteSetup } from "@/lib/users/client/complete-setup";

/** The first admin: created with the setup link's token, then signed in. */
export function SetupForm({ token }: { token: string }) {
  const t = useTranslations("Setup");
  const signInT = useTranslations("SignIn");
  const locale = useLocale();
  const errorText = useErrorText();
  const router = useRouter();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    setPending(true);
    setError(null);
    try {
      await sendCompleteSetup(token, { name: name.trim(), email: email.trim(), password });
      await signInWithPassword(email.trim(), password);
      router.replace("/");
      router.refresh();
    } catch (caught) {
      if (caught instanceof ApiRequestError) setError(errorText(caught).text);
      else if (caught instanceof AuthRequestError && locale !== "en") {
        const { key, values } = authErrorText(caught);
        setError(signInT(key as "errors.other", values as { status: number }));
      } else setError(caught instanceof AuthRequestError ? caught.message : t("failed"));
      setPending(false);
    }
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      <TextField
        label={t("yourName")}
        autoComplete="name"
        required
        maxLength={100}
        value={name}
        onChange={(e) => setName(e.target.value)}
      />
      <EmailField label={t("email")} autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} />
      <PasswordField label={t("password")} choosing value={password} onChange={(e) => setPassword(e.target.value)} />
      {error ? (
        <div role="alert" className={dialogStyles.error}>
          {error}
        </div>
      ) : null}
      <button type="submit" className={`${buttonStyles.primary} w-full`} disabled={pending}>
        {pending ? <Spinner /> : null}
        {pending ? t("creating") : t("create")}
      </button>
    </form>
  );
}
