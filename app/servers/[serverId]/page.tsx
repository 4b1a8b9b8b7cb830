import { HydrationBoundary, QueryClient, dehydrate } from "@tanstack/react-query";
import type { Metadata } from "next";
import { getTranslations } from "next-intl/server";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { ServerHealth } from "@/components/server-health";
import { ServerPage } from "@/components/server-page";
import { SimulatorBadge } from "@/components/simulator-badge";
import { SiteHeader } from "@/components/site-header";
import { serverContext } from "@/lib/api/context";
import { canConfigureHealth, canListServers, canManageUsers } from "@/lib/auth/page-permissions";
import { requirePageSession } from "@/lib/auth/server/page-session";
import { policyKeys } from "@/lib/backup-health/client/freshness-policy";
import { readPolicies } from "@/lib/backup-health/server/policies";
import { backupKeys } from "@/lib/backups/client/query-keys";
import { loadBackupList } from "@/lib/backups/server/load-backup-list";
import { upstreamMode } from "@/lib/config/server-config";
import { listEvents } from "@/lib/events/server/list-events";
import { serverHistoryKeys } from "@/lib/servers/client/history-query-keys";
import { serverKeys } from "@/lib/servers/client/query-keys";
import { historyDaysOf, serverPathSchema } from "@/lib/servers/history-inputs";
import { MAX_HISTORY_EVENTS, type ServerHistory } from "@/lib/servers/history-schemas";
import { eventsSince } from "@/lib/servers/history-series";
import { loadServerHistory } from "@/lib/servers/server/load-server-history";
import { loadServerList } from "@/lib/servers/server/load-server-list";

type Params = Promise<{ serverId: string }>;
type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("ServerPage");
  return { title: t("metaTitle") };
}

/** How long the first render waits for the lists (VPS.org itself when nobody watches) before the browser asks. */
const PREFETCH_DEADLINE_MS = 1_500;

export default async function ServerPageRoute({
  params,
  searchParams,
}: {
  params: Params;
  searchParams: SearchParams;
}) {
  await connection();
  const parsed = serverPathSchema.safeParse(await params);
  // A malformed id is a page that does not exist: the same 404 as an unknown one.
  if (!parsed.success) notFound();
  const { serverId } = parsed.data;
  const { user } = await requirePageSession(`/servers/${serverId}`);
  const days = historyDaysOf([(await searchParams).days].flat()[0]);
  const t = await getTranslations("ServerPage");
  const header = (
    <SiteHeader
      user={user}
      current={null}
      canManageUsers={canManageUsers(user.role)}
      badge={upstreamMode() === "simulator" ? <SimulatorBadge /> : null}
    />
  );
  if (!canListServers(user.role)) {
    return (
      <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
        {header}
        <main className="mt-6">
          <p
            role="note"
            className="rounded-lg border border-zinc-200 bg-white px-4 py-3 text-sm dark:border-zinc-800 dark:bg-zinc-900"
          >
            {t("noAccess", { role: user.role ?? "unknown" })}
          </p>
        </main>
      </div>
    );
  }

  const { store, upstream } = await serverContext();
  // Whether the dashboard knows the server decides between the page and a 404. When VPS.org cannot be
  // read (and nobody watches), the page is sent anyway and the browser shows the error.
  const history: ServerHistory | null | undefined = await Promise.all([
    loadServerHistory(store, upstream, serverId, days),
    listEvents(store.db, { server_id: serverId, limit: MAX_HISTORY_EVENTS }),
  ]).then(
    ([core, events]) => core && { ...core, events: eventsSince(events.results, core.since) },
    () => undefined,
  );
  if (history === null) notFound();

  const queryClient = new QueryClient();
  if (history) queryClient.setQueryData(serverHistoryKeys.window(serverId, days), history);
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled([
      queryClient.prefetchQuery({
        queryKey: serverKeys.list(),
        queryFn: async () => (await loadServerList(store, upstream)).list,
      }),
      queryClient.prefetchQuery({
        queryKey: policyKeys.all,
        queryFn: () => readPolicies(store.db),
      }),
      queryClient.prefetchQuery({
        queryKey: backupKeys.list({ server_id: serverId }),
        queryFn: async () => (await loadBackupList(store, upstream, { server_id: serverId })).list,
      }),
    ]),
    new Promise((resolve) => (timer = setTimeout(resolve, PREFETCH_DEADLINE_MS))),
  ]);
  clearTimeout(timer);

  return (
    <div className="mx-auto max-w-7xl px-4 py-6 sm:px-6 lg:px-8 lg:py-8">
      {header}
      <main className="mt-6">
        <HydrationBoundary state={dehydrate(queryClient)}>
          <ServerPage
            serverId={serverId}
            days={days}
            health={<ServerHealth serverId={serverId} canConfigure={canConfigureHealth(user.role)} />}
          />
        </HydrationBoundary>
      </main>
    </div>
  );
}
