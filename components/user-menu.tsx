"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";
import { Spinner } from "@/components/spinner";
import { Icon } from "@/components/icons";
import { buttonStyles, fieldStyles, labelStyles } from "@/components/styles";
import { saveLocale } from "@/lib/i18n/client/save-locale";
import { isLocale, LOCALE_NAMES, LOCALES, type Locale } from "@/lib/i18n/locales";

interface UserMenuProps {
  name: string;
  email: string;
  /** The role's label in the page's language (the "Roles" namespace): "Admin", "Operator", "Viewer" or "No role". */
  roleLabel: string;
}

/** Who is signed in, with what role, and the way out. A disclosure: a button and the panel it opens. */
export function UserMenu({ name, email, roleLabel }: UserMenuProps) {
  const t = useTranslations("UserMenu");
  const id = useId();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const locale = useLocale();
  const [switching, setSwitching] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    document.addEventListener("pointerdown", onPointer);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", onPointer);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  async function signOut() {
    setSigningOut(true);
    setError(null);
    try {
      const response = await fetch("/api/auth/sign-out", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      // Nothing the last user saw stays in this tab.
      queryClient.clear();
      router.replace("/sign-in");
      router.refresh();
    } catch {
      setSigningOut(false);
      setError(t("signOutFailed"));
    }
  }

  // Saved with the account, then the page rendered again on the server in that language.
  async function chooseLanguage(next: Locale) {
    setSwitching(true);
    setError(null);
    try {
      await saveLocale(next);
      router.refresh();
    } catch {
      setError(t("languageFailed"));
    } finally {
      setSwitching(false);
    }
  }

  return (
    <div ref={root} className="relative">
      <button
        ref={button}
        type="button"
        className={buttonStyles.secondary}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => setOpen((value) => !value)}
      >
        <span className="max-w-40 truncate">{name}</span>
        <span className="rounded-full bg-zinc-100 px-2 py-0.5 text-xs font-medium text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
          {roleLabel}
        </span>
        <Icon name="chevronDown" className="size-3.5" />
      </button>
      <div
        id={`${id}-panel`}
        hidden={!open}
        className="absolute right-0 z-30 mt-2 w-72 rounded-xl border border-zinc-200 bg-white p-4 text-sm shadow-lg dark:border-zinc-800 dark:bg-zinc-900"
      >
        <p className="font-medium">{name}</p>
        <p className="break-all text-zinc-600 dark:text-zinc-400">{email}</p>
        <p className="mt-2">
          {t.rich("role", { role: roleLabel, strong: (chunks) => <strong className="font-semibold">{chunks}</strong> })}
        </p>
        <label htmlFor={`${id}-language`} className={`${labelStyles} mt-3`}>
          {t("language")}
        </label>
        <select
          id={`${id}-language`}
          className={`${fieldStyles} mt-1`}
          value={locale}
          disabled={switching}
          onChange={(event) => {
            if (isLocale(event.target.value)) void chooseLanguage(event.target.value);
          }}
        >
          {LOCALES.map((option) => (
            <option key={option} value={option} lang={option}>
              {LOCALE_NAMES[option]}
            </option>
          ))}
        </select>
        {error ? (
          <p role="alert" className="mt-2 text-red-700 dark:text-red-300">
            {error}
          </p>
        ) : null}
        <button
          type="button"
          className={`${buttonStyles.secondary} mt-3 w-full`}
          onClick={() => void signOut()}
          disabled={signingOut}
        >
          {signingOut ? <Spinner /> : null}
          {signingOut ? t("signingOut") : t("signOut")}
        </button>
      </div>
    </div>
  );
}
