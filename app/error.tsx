"use client";

import { AuthCard } from "@/components/auth-card";
import { buttonStyles } from "@/components/styles";
import { STORE_UNAVAILABLE_DIGEST } from "@/lib/http/store-digest";

// What a page shows when its server render failed. Production builds hide the error's message from
// the browser but keep its digest: the store's own failure (lib/db/store-unavailable.ts) says which
// it was, so a database outage reads as one rather than as a bug.

export default function PageError({ error, retry }: { error: unknown; retry: () => void }) {
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;
  const storeDown = digest === STORE_UNAVAILABLE_DIGEST;
  return (
    <AuthCard
      title={storeDown ? "The dashboard cannot reach its database" : "This page could not be shown"}
      intro={
        storeDown
          ? "Signing in, the backups and the audit log all need the dashboard's own database, which does not answer right now. Nothing was changed. It usually comes back by itself: try again in a few seconds, and tell whoever runs the dashboard if it lasts."
          : "Something went wrong in the dashboard while preparing this page. The error was logged; try again."
      }
    >
      <div role="alert" className="space-y-4">
        {digest && !storeDown ? (
          <p className="text-sm text-zinc-600 dark:text-zinc-400">
            Error reference: <code>{digest}</code>
          </p>
        ) : null}
        <button type="button" className={`${buttonStyles.primary} w-full`} onClick={() => retry()}>
          Try again
        </button>
      </div>
    </AuthCard>
  );
}
