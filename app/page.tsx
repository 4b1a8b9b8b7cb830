import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import { getTranslations } from "next-intl/server";
import { connection } from "next/server";
import { Suspense } from "react";
import { BackupListSkeleton } from "@/components/backup-list-skeleton";
import { BackupsDashboard } from "@/components/backups-dashboard";
import { SimulatorBadge } from "@/components/simulator-badge";
import { SiteHeader } from "@/components/site-header";
import { backupDenialsOf, canManageUsers } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";
import { readBackupView } from "@/lib/backups/backup-filters";
import { serverContext } from "@/lib/api/context";
import { loadBackupList } from "@/lib/backups/server/load-backup-list";
import { backupKeys } from "@/lib/backups/client/query-keys";
import type { BackupFilters } from "@/lib/backups/inputs";
import { upstreamMode } from "@/lib/config/server-config";
import { loadServerList } from "@/lib/servers/server/load-server-list";
import { serverKeys } from "@/lib/servers/client/query-keys";

/** How long the first render waits for VPS.org before it sends the page and lets the browser fetch. */
const PREFETCH_DEADLINE_MS = 1_500;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function HomePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  // Rendered per request: the mode is this server's, not the build machine's; the session is this request's.
  await connection();
  const { user } = await requirePageSession("/");
  const t = await getTranslations("BackupsPage");
  const mode = upstreamMode();
  // What the role may do is decided here, on the server, and handed to the page as plain reasons.
  const denials = backupDenialsOf(user.role, await getTranslations("Denials"));
  const dataState = await prefetchLists(readBackupView(firstValues(await searchParams)).filters);
  const denied = [
    denials.create && t("actionCreate"),
    denials.delete && t("actionDelete"),
    denials.restore && t("actionRestore"),
  ].filter((action): action is string => typeof action === "string");

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      <SiteHeader
        user={user}
        current="backups"
        canManageUsers={canManageUsers(user.role)}
        badge={mode === "simulator" ? <SimulatorBadge /> : null}
      />
      <main className="mt-6">
        <h1 className="text-2xl font-semibold tracking-tight">{t("title")}</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{t("intro")}</p>
        {denied.length > 0 ? (
          <p
            role="note"
            className="mt-4 rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm text-zinc-700 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-300"
          >
            {t("deniedNote", {
              name: user.name || user.email,
              youAre: t("youAre", { role: user.role ?? "unknown" }),
              actions: listed(denied, (head, last) => t("listOr", { head, last })),
            })}
          </p>
        ) : null}
        {/* useSearchParams in the dashboard needs a Suspense boundary. */}
        <HydrationBoundary state={dataState}>
          <Suspense fallback={<BackupListSkeleton />}>
            <BackupsDashboard denials={denials} />
          </Suspense>
        </HydrationBoundary>
      </main>
    </div>
  );
}

/** `a`, `a or b`, `a, b or c`: the last joined by the language's "or" (`or`), the others by commas. */
function listed(items: string[], or: (head: string, last: string) => string): string {
  return items.length <= 1 ? (items[0] ?? "") : or(items.slice(0, -1).join(", "), items[items.length - 1]!);
}

/**
 * The first render carries the lists the page starts with (the same ones its route handlers
 * answer), so it paints rows rather than a skeleton and nothing shifts when they arrive. VPS.org
 * gets PREFETCH_DEADLINE_MS: a slower or failing answer is left out and the browser asks itself,
 * showing the skeleton or the error as usual.
 */
async function prefetchLists(filters: BackupFilters) {
  const queryClient = new QueryClient();
  const { store, upstream } = await serverContext();
  const lists = [
    queryClient.prefetchQuery({
      queryKey: backupKeys.list({}),
      queryFn: async () => (await loadBackupList(store, upstream, {})).list,
    }),
    queryClient.prefetchQuery({
      queryKey: serverKeys.list(),
      queryFn: async () => (await loadServerList(store, upstream)).list,
    }),
  ];
  if (filters.server_id !== undefined || filters.backup_type !== undefined) {
    lists.push(
      queryClient.prefetchQuery({
        queryKey: backupKeys.list(filters),
        queryFn: async () => (await loadBackupList(store, upstream, filters)).list,
      }),
    );
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(lists),
    new Promise((resolve) => (timer = setTimeout(resolve, PREFETCH_DEADLINE_MS))),
  ]);
  clearTimeout(timer);
  return dehydrate(queryClient); // only the lists that succeeded in time
}

function firstValues(params: SearchParams): Pick<URLSearchParams, "get"> {
  return { get: (name) => [params[name]].flat()[0] ?? null };
}
