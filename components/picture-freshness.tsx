"use client";

import { formatDateTime, formatRelative } from "@/lib/backups/format";
import type { PictureFreshness } from "@/lib/backups/schemas";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";

// How fresh the lists are: they come from the account watcher's picture in the store, so the page
// says when VPS.org last confirmed them and, while VPS.org cannot be read, keeps the last good list
// and says so beside it (since when, and VPS.org's reason).

export function PictureFreshnessNote({ freshness, now }: { freshness: PictureFreshness; now: number }) {
  const { timeZone, locale } = useDisplayFormat();
  const { snapshot_at: snapshotAt, error } = freshness;
  if (error) {
    return (
      <div
        role="alert"
        className="rounded-xl border border-amber-300 bg-amber-50 p-4 text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
      >
        <p className="font-medium">
          VPS.org cannot be read since <time dateTime={error.since}>{formatDateTime(error.since, timeZone)}</time>
          {snapshotAt ? (
            <>
              : this is the list as it last showed it, at{" "}
              <time dateTime={snapshotAt}>{formatDateTime(snapshotAt, timeZone)}</time> (
              {formatRelative(snapshotAt, now, locale)}).
            </>
          ) : (
            "."
          )}
        </p>
        <p className="mt-1 text-sm">
          {error.message} The dashboard keeps asking; the list updates by itself when VPS.org answers again.
        </p>
      </div>
    );
  }
  if (!snapshotAt) return null;
  return (
    <p className="text-sm text-zinc-600 dark:text-zinc-400">
      Checked with VPS.org at{" "}
      <time dateTime={snapshotAt} title={formatRelative(snapshotAt, now, locale)}>
        {formatDateTime(snapshotAt, timeZone)}
      </time>
    </p>
  );
}
