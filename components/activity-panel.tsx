"use client";

import { useTranslations } from "next-intl";
import { ErrorAlert, QueryErrorAlert } from "@/components/error-alert";
import { Spinner } from "@/components/spinner";
import { buttonStyles } from "@/components/styles";
import { formatDateTime, formatRelative } from "@/lib/backups/format";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import { useEvents } from "@/lib/events/client/get-events";
import { describeEvent, eventTone, type EventTranslator } from "@/lib/events/event-sentence";
import type { EventEntry } from "@/lib/events/schemas";

const TONE_DOT = {
  failure: "bg-red-600 dark:bg-red-400",
  success: "bg-emerald-600 dark:bg-emerald-400",
  neutral: "bg-zinc-400 dark:bg-zinc-500",
} as const;

const box = "rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";

/** The latest events the watcher recorded (shared by everyone), for the account or for `serverId`. */
export function ActivityPanel({ serverId }: { serverId: number | undefined }) {
  // Every string of the panel is an "Activity" message (the events' sentences too: `event.*`).
  const t = useTranslations("Activity");
  const events = useEvents({ server_id: serverId });
  const { timeZone, locale } = useDisplayFormat();
  // A refresh refetches every page from the first, so a row can move between pages: keep each once.
  const rows = [...new Map((events.data?.pages ?? []).flatMap((page) => page.results.map((e) => [e.id, e]))).values()];

  return (
    <section aria-labelledby="activity-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="activity-heading" className="text-lg font-semibold">
          {t("heading")}
        </h2>
        <p className="text-sm text-zinc-600 dark:text-zinc-400">
          {serverId === undefined ? t("scopeAccount") : t("scopeServer")}
        </p>
      </div>

      {events.data && events.isFetchNextPageError ? (
        <ErrorAlert
          title={t("moreFailed")}
          message={events.error.message}
          onRetry={() => void events.fetchNextPage()}
          retrying={events.isFetchingNextPage}
        />
      ) : events.data && events.isRefetchError ? (
        <ErrorAlert
          title={t("refreshFailed")}
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
                t={t}
              />
            ))}
          </ol>
        ) : (
          <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-4 py-6 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-400">
            {serverId === undefined ? t("empty") : t("emptyServer")}
          </p>
        )
      ) : events.isError ? (
        <QueryErrorAlert title={t("loadFailed")} query={events} />
      ) : (
        <div role="status" className={`h-24 animate-pulse ${box}`}>
          <span className="sr-only">{t("loading")}</span>
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
          {events.isFetchingNextPage ? t("loadingMore") : t("showMore")}
        </button>
      ) : null}
    </section>
  );
}

interface ActivityLineProps {
  event: EventEntry;
  now: number;
  timeZone: string | undefined;
  locale: string;
  t: EventTranslator;
}

function ActivityLine({ event, now, timeZone, locale, t }: ActivityLineProps) {
  const exact = formatDateTime(event.at, timeZone);
  // The browser's clock may be a little behind the server's: an event is never "in 2 seconds".
  const age = formatRelative(event.at, Math.max(now, Date.parse(event.at)), locale);
  return (
    <li className="flex flex-col gap-1 px-4 py-2.5 text-sm sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <p className="flex min-w-0 items-start gap-2">
        <span aria-hidden="true" className={`mt-1.5 size-2 shrink-0 rounded-full ${TONE_DOT[eventTone(event.kind)]}`} />
        <span className="min-w-0 break-words">{describeEvent(event, t, locale)}</span>
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
