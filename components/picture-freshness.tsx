"use client";

import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { formatDateTime, formatRelative } from "@/lib/backups/format";
import type { PictureFreshness } from "@/lib/backups/schemas";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";

// How fresh the lists are: they come from the account watcher's picture in the store, so the page
// says when VPS.org last confirmed them and, while VPS.org cannot be read, keeps the last good list
// and says so beside it (since when, and VPS.org's reason). The words are the "Freshness" messages.

export function PictureFreshnessNote({ freshness, now }: { freshness: PictureFreshness; now: number }) {
  const t = useTranslations("Freshness");
  const { timeZone, locale } = useDisplayFormat();
  const { snapshot_at: snapshotAt, error } = freshness;
  if (error) {
    const since = {
      since: formatDateTime(error.since, timeZone),
      sinceTime: (chunks: ReactNode) => <time dateTime={error.since}>{chunks}</time>,
    };
    return (
      <div
        role="alert"
        className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
      >
        <p className="font-medium">
          {snapshotAt
            ? t.rich("unreadableWithSnapshot", {
                ...since,
                at: formatDateTime(snapshotAt, timeZone),
                atTime: (chunks) => <time dateTime={snapshotAt}>{chunks}</time>,
                age: formatRelative(snapshotAt, now, locale),
              })
            : t.rich("unreadable", since)}
        </p>
        <p className="mt-1 text-sm">{t("keepsAsking", { error: error.message })}</p>
      </div>
    );
  }
  if (!snapshotAt) return null;
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      {t.rich("checked", {
        time: formatDateTime(snapshotAt, timeZone),
        checkedTime: (chunks) => (
          <time dateTime={snapshotAt} title={formatRelative(snapshotAt, now, locale)}>
            {chunks}
          </time>
        ),
      })}
    </p>
  );
}
