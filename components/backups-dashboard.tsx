"use client";

import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useDeferredValue, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { toast, type ExternalToast } from "sonner";
import { BackupFiltersBar } from "@/components/backup-filters-bar";
import { BackupListSkeleton } from "@/components/backup-list-skeleton";
import { BackupTable } from "@/components/backup-table";
import { DeniedReasons } from "@/components/denied-reasons";
import { ErrorAlert, QueryErrorAlert } from "@/components/error-alert";
import { HealthStrip } from "@/components/health-strip";
import { PictureFreshnessNote } from "@/components/picture-freshness";
import { Icon } from "@/components/icons";
import { ServerOverview } from "@/components/server-overview";
import { buttonStyles } from "@/components/styles";
import { useLiveStatusToasts } from "@/components/use-live-status-toasts";
import { deniedControl, type BackupDenials } from "@/lib/auth/denials";
import { healthCounts } from "@/lib/backup-health/health";
import { hasActiveFilters, matchesSearch } from "@/lib/backups/backup-filters";
import { formatDateTime } from "@/lib/backups/format";
import { useBackups } from "@/lib/backups/client/get-backups";
import type { Picked } from "@/lib/backups/bulk-selection";
import type { Backup, ListedBackup } from "@/lib/backups/schemas";
import { serverEntries, summarizeByServer } from "@/lib/backups/server-summary";
import { useBackupView } from "@/lib/backups/client/use-backup-view";
import { useServers } from "@/lib/servers/client/get-servers";

// The dialogs (and Radix with them) are not needed to show the page: they load in their own
// chunk, fetched when the browser is idle after the first render, or on first use.
const loadCreateDialog = () => import("@/components/create-backup-dialog");
const loadDeleteDialog = () => import("@/components/delete-backup-dialog");
const loadRestoreDialog = () => import("@/components/restore-backup-dialog");
const loadBulkDeleteDialog = () => import("@/components/bulk-delete-dialog");
const CreateBackupDialog = dynamic(
  () => import("@/components/create-backup-dialog").then((m) => m.CreateBackupDialog),
  { ssr: false },
);
const DeleteBackupDialog = dynamic(
  () => import("@/components/delete-backup-dialog").then((m) => m.DeleteBackupDialog),
  { ssr: false },
);
// The activity panel sits below the servers and fetches its events after the page has loaded: its
// code (the sentence of every kind of event) comes in a chunk of its own, with the same frame
// (heading and skeleton) in the first render, so nothing shifts.
const ActivityPanel = dynamic(() => import("@/components/activity-panel").then((m) => m.ActivityPanel), {
  ssr: false,
  loading: ActivityPlaceholder,
});
const BulkDeleteDialog = dynamic(() => loadBulkDeleteDialog().then((m) => m.BulkDeleteDialog), { ssr: false });
const RestoreBackupDialog = dynamic(
  () => import("@/components/restore-backup-dialog").then((m) => m.RestoreBackupDialog),
  { ssr: false },
);

function usePreloadDialogs(): void {
  useEffect(() => {
    const preload = () =>
      void Promise.all([loadCreateDialog(), loadDeleteDialog(), loadRestoreDialog(), loadBulkDeleteDialog()]);
    // Safari has no requestIdleCallback.
    if (typeof (window.requestIdleCallback as unknown) === "function") {
      const handle = window.requestIdleCallback(preload, { timeout: 2_000 });
      return () => window.cancelIdleCallback(handle);
    }
    const handle = window.setTimeout(preload, 500);
    return () => window.clearTimeout(handle);
  }, []);
}

function ActivityPlaceholder() {
  const t = useTranslations("Activity");
  return (
    <section aria-labelledby="activity-heading" className="space-y-4">
      <h2 id="activity-heading" className="text-lg font-semibold">
        {t("heading")}
      </h2>
      <div
        role="status"
        className="h-24 animate-pulse rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
      >
        <span className="sr-only">{t("loading")}</span>
      </div>
    </section>
  );
}

type OpenDialog =
  | { kind: "none" }
  | { kind: "create"; serverId: number | undefined }
  | { kind: "delete"; backup: Backup }
  | { kind: "bulk-delete"; backups: ListedBackup[] }
  | { kind: "restore"; backup: Backup };

const sectionHeading = "text-lg font-semibold";
const NOTHING_PICKED: Picked = new Map();

/** `denials`: what the signed-in role may not do, and why (from the server): those controls are disabled with the reason. */
export function BackupsDashboard({ denials }: { denials: BackupDenials }) {
  const t = useTranslations("BackupsDashboard");
  const { filters, q, health, setFilters, setSearch, setHealth, clear } = useBackupView();
  const deferredQ = useDeferredValue(q);
  // The unfiltered list feeds the server summaries, the quotas and the completion toasts; the
  // filtered one feeds the table. Without filters they are the same query.
  const all = useBackups({});
  const shown = useBackups(filters);
  const servers = useServers();
  const [dialog, setDialog] = useState<OpenDialog>({ kind: "none" });
  // The selection for a bulk delete belongs to one view: another filter or search starts afresh.
  const view = JSON.stringify([filters, deferredQ, health]);
  const [selection, setSelection] = useState<{ view: string; picked: Picked }>({ view, picked: new Map() });
  const picked = selection.view === view ? selection.picked : NOTHING_PICKED;
  usePreloadDialogs();

  // The dialogs have no Radix Trigger (many buttons open them), so focus is handed back here:
  // to the button that opened the dialog, or to the list's heading when that button is gone.
  const opener = useRef<HTMLElement | null>(null);
  const openDialog = (next: OpenDialog) => {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDialog(next);
  };
  const closeDialog = () => setDialog({ kind: "none" });
  const returnFocus = (event: Event) => {
    event.preventDefault();
    const target = opener.current;
    if (target?.isConnected && !target.matches(":disabled")) target.focus();
    else document.getElementById("backups-heading")?.focus();
  };
  const alertDialogProps = { onClose: closeDialog, onCloseAutoFocus: returnFocus };
  /** A dialog's work is done: it closes and a toast says what happened. */
  const succeed = (message: string, options: ExternalToast) => {
    closeDialog();
    toast.success(message, options);
  };

  const entries = useMemo(() => serverEntries(servers.data?.results, all.data?.results), [servers.data, all.data]);
  const summaries = useMemo(() => summarizeByServer(all.data?.results ?? []), [all.data]);
  // With a server filter, only that server's card: the list it filters stays in view. With a health
  // filter, only the servers in that state, and their backups.
  const overview = useMemo(
    () =>
      entries.filter(
        (server) =>
          (filters.server_id === undefined || server.id === filters.server_id) &&
          (health === undefined || server.health?.state === health),
      ),
    [entries, filters.server_id, health],
  );
  const counts = useMemo(
    () =>
      entries.some((server) => server.health) ? healthCounts(entries.flatMap((server) => server.health ?? [])) : null,
    [entries],
  );
  const inHealth = useMemo(
    () => health && new Set(entries.filter((server) => server.health?.state === health).map((server) => server.id)),
    [entries, health],
  );
  const serverStatuses = useMemo(() => new Map(entries.map((server) => [server.id, server.status])), [entries]);
  const rows = useMemo(
    () =>
      (shown.data?.results ?? []).filter(
        (backup) => (!inHealth || inHealth.has(backup.server.id)) && matchesSearch(backup, deferredQ),
      ),
    [shown.data, deferredQ, inHealth],
  );

  useLiveStatusToasts(all.data?.results, servers.data ? entries : undefined);

  const active = hasActiveFilters({ filters, q, health });
  const total = shown.data?.results.length ?? 0;
  const searching = deferredQ.trim() !== "" || health !== undefined;
  const now = shown.dataUpdatedAt || all.dataUpdatedAt;

  return (
    <div className="mt-8 space-y-10">
      <DeniedReasons denials={denials} />
      <section aria-labelledby="servers-heading" className="space-y-4">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="servers-heading" className={sectionHeading}>
            {t("serversHeading")}
          </h2>
          {servers.data ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              {overview.length === entries.length
                ? t("serverCount", { count: entries.length })
                : t("serverCountFiltered", { shown: overview.length, count: entries.length })}
            </p>
          ) : null}
        </div>
        {servers.data?.notice ? (
          <p
            role="note"
            className="rounded-lg border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100"
          >
            {servers.data.notice}
          </p>
        ) : null}
        {counts ? <HealthStrip counts={counts} active={health} onSelect={setHealth} /> : null}
        {servers.isError && !servers.data ? <QueryErrorAlert title={t("serversLoadFailed")} query={servers} /> : null}
        {overview.length > 0 ? (
          <ServerOverview
            servers={overview}
            summaries={summaries}
            backupsKnown={all.data !== undefined}
            now={now}
            createDenied={denials.create}
            onBackUp={(serverId) => openDialog({ kind: "create", serverId })}
          />
        ) : servers.isPending ? (
          <div
            role="status"
            className="h-36 animate-pulse rounded-xl border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900"
          >
            <span className="sr-only">{t("loadingServers")}</span>
          </div>
        ) : null}
      </section>

      <ActivityPanel serverId={filters.server_id} />

      <section aria-labelledby="backups-heading" className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <h2 id="backups-heading" tabIndex={-1} className={sectionHeading}>
              {t("backupsHeading")}
            </h2>
            <p role="status" aria-label={t("backupCountLabel")} className="text-sm text-zinc-600 dark:text-zinc-400">
              {shown.data
                ? searching
                  ? t("showingCount", { shown: rows.length, count: total })
                  : t("backupCount", { count: total })
                : null}
            </p>
          </div>
          <button
            type="button"
            className={buttonStyles.primary}
            {...deniedControl("create", denials)}
            onClick={() => openDialog({ kind: "create", serverId: filters.server_id })}
          >
            <Icon name="plus" />
            {t("newBackup")}
          </button>
        </div>

        <BackupFiltersBar
          servers={entries}
          filters={filters}
          q={q}
          onFiltersChange={setFilters}
          onSearchChange={setSearch}
          onClear={clear}
          active={active}
        />

        {shown.data ? <PictureFreshnessNote freshness={shown.data} now={now} /> : null}

        {shown.isError && shown.data ? (
          <ErrorAlert
            title={t("staleTitle", { time: formatDateTime(new Date(shown.dataUpdatedAt).toISOString()) })}
            message={t("staleMessage", { error: shown.error.message })}
            onRetry={() => void shown.refetch()}
            retrying={shown.isFetching}
          />
        ) : null}

        {shown.data ? (
          rows.length > 0 ? (
            <BackupTable
              key={JSON.stringify(filters)}
              backups={rows}
              now={now}
              serverStatuses={serverStatuses}
              denials={denials}
              onRestore={(backup) => openDialog({ kind: "restore", backup })}
              onDelete={(backup) => openDialog({ kind: "delete", backup })}
              picked={picked}
              onPick={(next) => setSelection({ view, picked: next })}
              onDeleteMany={(backups) => openDialog({ kind: "bulk-delete", backups })}
            />
          ) : active ? (
            <EmptyState title={t("noMatch")}>
              <button type="button" className={buttonStyles.secondary} onClick={clear}>
                {t("clearFilters")}
              </button>
            </EmptyState>
          ) : (
            <EmptyState title={t("emptyTitle")}>
              <p className="max-w-md text-sm text-zinc-600 dark:text-zinc-400">
                {t.rich("emptyBody", { strong: (chunks) => <strong className="font-semibold">{chunks}</strong> })}
              </p>
              <button
                type="button"
                className={buttonStyles.primary}
                {...deniedControl("create", denials)}
                onClick={() => openDialog({ kind: "create", serverId: undefined })}
              >
                {t("createFirst")}
              </button>
            </EmptyState>
          )
        ) : shown.isError ? (
          <QueryErrorAlert title={t("backupsLoadFailed")} query={shown} />
        ) : (
          <BackupListSkeleton />
        )}
      </section>

      {dialog.kind === "create" ? (
        <CreateBackupDialog
          open
          onOpenChange={(open) => !open && closeDialog()}
          onCloseAutoFocus={returnFocus}
          servers={entries}
          summaries={summaries}
          initialServerId={dialog.serverId}
          onCreated={(created) =>
            succeed(t("toastCreated", { server: created.server.name }), { description: created.message ?? undefined })
          }
        />
      ) : null}
      {dialog.kind === "delete" ? (
        <DeleteBackupDialog
          {...alertDialogProps}
          backup={dialog.backup}
          onDeleted={(backup) =>
            succeed(t("toastDeleted", { server: backup.server.name }), {
              description: formatDateTime(backup.created_at),
            })
          }
        />
      ) : null}
      {dialog.kind === "bulk-delete" ? (
        <BulkDeleteDialog
          {...alertDialogProps}
          backups={dialog.backups}
          onPicked={(update) => setSelection((current) => ({ view: current.view, picked: update(current.picked) }))}
        />
      ) : null}
      {dialog.kind === "restore" ? (
        <RestoreBackupDialog
          {...alertDialogProps}
          backup={dialog.backup}
          onRestoring={(result, backup) =>
            succeed(t("toastRestoring", { server: backup.server.name }), {
              description: result.message,
              duration: 10_000,
            })
          }
        />
      ) : null}
    </div>
  );
}

function EmptyState({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="flex flex-col items-center gap-3 rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-12 text-center dark:border-zinc-700 dark:bg-zinc-900">
      <p className="font-medium">{title}</p>
      {children}
    </div>
  );
}
