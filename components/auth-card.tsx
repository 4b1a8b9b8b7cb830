import { useTranslations } from "next-intl";
import type { ReactNode } from "react";

/** The frame of the pages one sees before signing in: sign-in and first-run setup (also the error page's). */
export function AuthCard({ title, intro, children }: { title: string; intro: ReactNode; children: ReactNode }) {
  // A plain component, rendered on the server (sign-in, setup) and in the browser (app/error.tsx) alike.
  const t = useTranslations("Common");
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col justify-center px-4 py-10">
      <p className="text-sm font-semibold tracking-tight text-zinc-600 dark:text-zinc-400">{t("appName")}</p>
      <h1 className="mt-1 text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">{intro}</div>
      <div className="mt-6 rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900">
        {children}
      </div>
    </main>
  );
}
