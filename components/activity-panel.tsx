"use client";

import { ErrorAlert, QueryErrorAlert } from "@/components/error-alert";
import { Spinner } from "@/components/spinner";
import { buttonStyles } from "@/components/styles";
import { formatDateTime, formatRelative } from "@/lib/backups/format";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import { useEvents } from "@/lib/events/client/get-events";
import { describeEvent, eventTone } from "@/lib/events/event-sentence";
import type { EventEntry } from "@/lib/events/schemas";

// Every string of the panel (the events' own sentences are in lib/events/event-sentence.ts).
const TEXT = {
  heading: "Activity",
  scopeAccount: "Latest first, for the whole account",
  scopeServer: "Latest first, for the filtered server",
  loading: "Loading activity…",
  empty: "No activity recorded yet: the watcher records changes it sees from now on.",
  emptyServer: "No activity recorded for this server yet: the watcher records changes it sees from now on.",
  loadFailed: "The activity could not be loaded.",
  refreshFailed: "The activity could not be refreshed and may be out of date.",
  moreFailed: "Older activity could not be loaded.",
  showMore: "Show more",
  loadingMore: "Loading…",
};

const TONE_DOT = {
  failure: "bg-red-600 dark:bg-red-400",
  success: "bg-emerald-600 dark:bg-emerald-400",
  neutral: "bg-zinc-400 dark:bg-zinc-500",
} as const;

const box = "rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";

/** The latest events the watcher recorded (shared by everyone), for the account or for `serverId`. */
export function ActivityPanel({ serverId }: { serverId: number | undefined }) {
  const events = useEvents({ server_id: serverId });
  const { timeZone, locale } = useDisplayFormat();
  // A refresh refetches every page from the first, so a row can move between pages: keep each once.
  const rows = [...new Map((events.data?.pages ?? []).flatMap((page) => page.results.map((e) => [e.id, e]))).values()];

  return (
    <section aria-labelledby="activity-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="activity-heading" className="text-lg font-semibold">
          {TEXT.heading}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {serverId === undefined ? TEXT.scopeAccount : TEXT.scopeServer}
        </p>
      </div>

      {events.data && events.isFetchNextPageError ? (
        <ErrorAlert
          title={TEXT.moreFailed}
          message={events.error.message}
          onRetry={() => void events.fetchNextPage()}
          retrying={events.isFetchingNextPage}
        />
      ) : events.data && events.isRefetchError ? (
        <ErrorAlert
          title={TEXT.refreshFailed}
          message={events.error.message}
          onRetry={() => void events.refetch()}
          retrying={events.isFetching}
        />
      ) : null}

      {events.data ? (
        rows.length > 0 ? (
          <ol className={`divide-y divide-zinc-200 dark:divide-zinc-800 ${box}`}>
            {rows.map((event) => (
              <ActivityLine
                key={event.id}
                event={event}
                now={events.dataUpdatedAt}
                timeZone={timeZone}
                locale={locale}
              />
            ))}
          </ol>
        ) : (
          <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
            {serverId === undefined ? TEXT.empty : TEXT.emptyServer}
          </p>
        )
      ) : events.isError ? (
        <QueryErrorAlert title={TEXT.loadFailed} query={events} />
      ) : (
        <div role="status" className={`h-24 animate-pulse ${box}`}>
          <span className="sr-only">{TEXT.loading}</span>
        </div>
      )}

      {events.hasNextPage ? (
        <button
          type="button"
          className={buttonStyles.secondary}
          disabled={events.isFetchingNextPage}
          onClick={() => void events.fetchNextPage()}
        >
          {events.isFetchingNextPage ? <Spinner /> : null}
          {events.isFetchingNextPage ? TEXT.loadingMore : TEXT.showMore}
        </button>
      ) : null}
    </section>
  );
}

interface ActivityLineProps {
  event: EventEntry;
  now: number;
  timeZone: string | undefined;
  locale: string | undefined;
}

function ActivityLine({ event, now, timeZone, locale }: ActivityLineProps) {
  const exact = formatDateTime(event.at, timeZone);
  // The browser's clock may be a little behind the server's: an event is never "in 2 seconds".
  const age = formatRelative(event.at, Math.max(now, Date.parse(event.at)), locale);
  return (
    <li className="flex flex-col gap-1 px-4 py-2.5 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <p className="flex min-w-0 items-start gap-2">
        <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${TONE_DOT[eventTone(event.kind)]}`} />
        <span className="min-w-0 break-words">{describeEvent(event, locale)}</span>
      </p>
      <time
        dateTime={event.at}
        title={exact}
        className="shrink-0 pl-4 text-xs text-zinc-600 tabular-nums sm:pl-0 dark:text-zinc-400"
      >
        {age}
        <span className="sr-only">, {exact}</span>
      </time>
    </li>
  );
}
