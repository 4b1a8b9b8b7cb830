"use client";

import { useTranslations } from "next-intl";
import { AuthCard } from "@/components/auth-card";
import { buttonStyles } from "@/components/styles";
import { STORE_UNAVAILABLE_DIGEST } from "@/lib/http/store-digest";

// What a page shows when its server render failed. Production builds hide the error's message from
// the browser but keep its digest: the store's own failure (lib/db/store-unavailable.ts) says which
// it was, so a database outage reads as one rather than as a bug.

export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const t = useTranslations("ErrorPage");
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const storeDown = digest === STORE_UNAVAILABLE_DIGEST;
  return (
    <AuthCard title={storeDown ? t("storeDownTitle") : t("title")} intro={storeDown ? t("storeDownIntro") : t("intro")}>
      <div role="alert" className="space-y-4">
        {digest && !storeDown ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            {t.rich("reference", { digest, code: (chunks) => <code>{chunks}</code> })}
          </p>
        ) : null}
        <button type="button" className={`${buttonStyles.primary} w-full`} onClick={() => retry()}>
          {t("retry")}
        </button>
      </div>
    </AuthCard>
  );
}
