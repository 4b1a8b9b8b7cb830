"use client";

import { useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { BackupStatusBadge } from "@/components/backup-status-badge";
import { ColumnHeaders, type Column } from "@/components/column-headers";
import { useErrorText } from "@/components/error-alert";
import { Icon } from "@/components/icons";
import { buttonStyles } from "@/components/styles";
import { isCompleted } from "@/lib/backups/backup-status";
import { formatDateTime, formatExpiry, formatRelative, formatSize } from "@/lib/backups/format";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";
import { deniedControl, denialReasonId, type BackupDenials } from "@/lib/auth/denials";
import { pickedAmong, toggleAllPicked, togglePicked, type Picked } from "@/lib/backups/bulk-selection";
import { MAX_BULK_DELETE } from "@/lib/backups/limits";
import type { Backup, BackupActor, ListedBackup } from "@/lib/backups/schemas";

const PAGE_SIZE = 50;

/** next-intl's translator for the "BackupTable" messages. */
type TableTranslator = (key: string, values?: Record<string, string | number>) => string;

const backupColumns = (t: TableTranslator): Column[] => [
  { label: t("columnServer") },
  { label: t("columnType") },
  { label: t("columnStatus") },
  { label: t("columnSize"), className: "text-right" },
  { label: t("columnCreated") },
  { label: t("columnExpires") },
  { label: t("columnDescription") },
  { label: t("columnActions"), srOnly: true },
];

/** Why a backup cannot be restored now (in the words of `t`, the "BackupTable" messages), or null when it can. */
export function restoreBlocker(
  backup: Backup,
  serverStatus: string | null | undefined,
  t: TableTranslator,
): string | null {
  if (!isCompleted(backup)) return t("blockerNotCompleted");
  if (serverStatus === "restoring") return t("blockerRestoring", { server: backup.server.name });
  if (serverStatus && serverStatus !== "active" && serverStatus !== "stopped") {
    return t("blockerStatus", { server: backup.server.name, status: serverStatus });
  }
  return null;
}

interface BackupTableProps {
  backups: readonly ListedBackup[];
  /** The moment ages are measured from: when the list was last fetched. */
  now: number;
  serverStatuses: ReadonlyMap<number, string | null>;
  /** What the role may not do, and why: those buttons are disabled with the reason. */
  denials: BackupDenials;
  onRestore: (backup: Backup) => void;
  onDelete: (backup: Backup) => void;
  /** The selected backups, each with why the last bulk delete did not delete it. */
  picked: Picked;
  onPick: (picked: Picked) => void;
  /** "Delete N selected": the selected rows, in their order. */
  onDeleteMany: (backups: ListedBackup[]) => void;
}

// A table on wide screens, a stack of cards on a phone. The explicit roles keep the table's
// semantics when CSS changes the display of its rows and cells.
// On a phone each cell shows its column's name from `data-label` (generated content: no extra
// text in the DOM, and none at all on wide screens where the header row names the columns).
/** The server's name links to its page (/servers/{id}). */
const serverLink = "underline-offset-2 hover:underline focus-visible:underline";

const checkbox = "size-4 shrink-0 accent-blue-700 disabled:cursor-not-allowed dark:accent-blue-400";

const cell =
  "flex items-baseline justify-between gap-3 before:shrink-0 before:text-xs before:font-medium before:text-zinc-600 before:content-[attr(data-label)] lg:table-cell lg:px-3 lg:py-3 lg:align-middle lg:before:content-none dark:before:text-zinc-400";

export function BackupTable({
  backups,
  now,
  serverStatuses,
  denials,
  onRestore,
  onDelete,
  picked,
  onPick,
  onDeleteMany,
}: BackupTableProps) {
  const t = useTranslations("BackupTable");
  const [limit, setLimit] = useState(PAGE_SIZE);
  const visible = backups.slice(0, limit);
  const remaining = backups.length - visible.length;
  // "Select all" takes every filtered row, also those past "Show more".
  const chosen = pickedAmong(picked, backups);
  const all = chosen.length === backups.length;
  const tooMany = chosen.length > MAX_BULK_DELETE;

  return (
    <div>
      <div className="mb-3 flex min-h-9 flex-wrap items-center gap-x-4 gap-y-2 text-sm">
        <label className="inline-flex items-center gap-2">
          <input
            type="checkbox"
            className={checkbox}
            checked={all}
            ref={(input) => {
              if (input) input.indeterminate = chosen.length > 0 && !all;
            }}
            {...deniedControl("delete", denials)}
            onChange={() => onPick(toggleAllPicked(picked, backups))}
          />
          {t("selectAll", { count: backups.length })}
        </label>
        {chosen.length > 0 ? (
          <button
            type="button"
            className={buttonStyles.smallDanger}
            disabled={tooMany}
            aria-describedby={tooMany ? "bulk-too-many" : undefined}
            onClick={() => onDeleteMany(chosen)}
          >
            {t("deleteSelected", { count: chosen.length })}
          </button>
        ) : null}
        {tooMany ? (
          <span id="bulk-too-many" className="text-xs text-zinc-600 dark:text-zinc-400">
            {t("tooManySelected", { max: MAX_BULK_DELETE })}
          </span>
        ) : null}
      </div>
      <table
        role="table"
        aria-labelledby="backups-heading"
        className="block w-full text-sm lg:table lg:table-auto lg:rounded-xl lg:border lg:border-zinc-200 lg:bg-white dark:lg:border-zinc-800 dark:lg:bg-zinc-900"
      >
        <thead role="rowgroup" className="sr-only lg:not-sr-only lg:table-header-group">
          <ColumnHeaders columns={backupColumns(t)} explicitRoles />
        </thead>
        <tbody
          role="rowgroup"
          className="block space-y-3 lg:table-row-group lg:space-y-0 lg:divide-y lg:divide-zinc-200 dark:lg:divide-zinc-800"
        >
          {visible.map((backup) => (
            <BackupRow
              key={backup.id}
              backup={backup}
              now={now}
              serverStatus={serverStatuses.get(backup.server.id)}
              denials={denials}
              onRestore={onRestore}
              onDelete={onDelete}
              reason={picked.get(backup.id)}
              onToggle={() => onPick(togglePicked(picked, backup.id))}
            />
          ))}
        </tbody>
      </table>
      <p className="mt-3 text-xs text-zinc-600 dark:text-zinc-400">{t("protectHint")}</p>
      {remaining > 0 ? (
        <div className="mt-4 flex justify-center">
          <button type="button" className={buttonStyles.secondary} onClick={() => setLimit((n) => n + PAGE_SIZE)}>
            {t("showMore", { count: Math.min(remaining, PAGE_SIZE), remaining })}
          </button>
        </div>
      ) : null}
    </div>
  );
}

interface BackupRowProps {
  backup: ListedBackup;
  now: number;
  serverStatus: string | null | undefined;
  denials: BackupDenials;
  onRestore: (backup: Backup) => void;
  onDelete: (backup: Backup) => void;
  /** Selected: null, or why the last bulk delete did not delete it; not selected: undefined. */
  reason: string | null | undefined;
  onToggle: () => void;
}

function BackupRow({ backup, now, serverStatus, denials, onRestore, onDelete, reason, onToggle }: BackupRowProps) {
  const t = useTranslations("BackupTable");
  const tFormat = useTranslations("Format");
  const { timeZone, locale } = useDisplayFormat();
  const created = formatDateTime(backup.created_at, timeZone);
  // The role comes first: no point telling a viewer the backup is not completed yet.
  const blocker = denials.restore ?? restoreBlocker(backup, serverStatus, t);
  const blockerId = `restore-blocked-${backup.id}`;
  const which = t("which", { server: backup.server.name, created });
  const protection = backup.protected_by ?? null;
  const deleteBlocker = denials.delete ?? (protection ? t("blockerProtected", { who: protection.email }) : null);
  const deleteBlockerId = `delete-blocked-${backup.id}`;
  const reasonId = `bulk-reason-${backup.id}`;
  const queryClient = useQueryClient();
  const errorText = useErrorText();
  const [pending, setPending] = useState(false);
  const toggleProtection = () => {
    if (pending) return;
    setPending(true);
    void import("@/components/protect-toggle")
      .then((m) => m.toggleProtection({ queryClient, backup, wanted: !protection, t, errorText }))
      .finally(() => setPending(false));
  };

  return (
    <tr
      role="row"
      className="grid grid-cols-1 gap-1.5 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-2 sm:gap-x-6 lg:table-row lg:rounded-none lg:border-0 lg:bg-transparent lg:p-0 dark:border-zinc-800 dark:bg-zinc-900 dark:lg:bg-transparent"
    >
      <td role="cell" data-label={t("columnServer")} className={`${cell} font-medium sm:col-span-2`}>
        <span className="flex items-center gap-2.5">
          <input
            type="checkbox"
            className={checkbox}
            checked={reason !== undefined}
            aria-label={t("select", { which })}
            {...deniedControl("delete", denials)}
            aria-describedby={denials.delete ? denialReasonId("delete") : reason ? reasonId : undefined}
            onChange={onToggle}
          />
          <Link href={`/servers/${backup.server.id}`} className={`break-all lg:break-normal ${serverLink}`}>
            {backup.server.name}
          </Link>
        </span>
      </td>
      <td role="cell" data-label={t("columnType")} className={cell}>
        {/* The first letter only: "manual" reads "Manual", "thủ công" reads "Thủ công". */}
        <span className="inline-block first-letter:uppercase">{t("type", { type: backup.backup_type })}</span>
      </td>
      <td role="cell" data-label={t("columnStatus")} className={cell}>
        <BackupStatusBadge status={backup.status} />
      </td>
      <td role="cell" data-label={t("columnSize")} className={`${cell} tabular-nums lg:text-right`}>
        <span className="whitespace-nowrap">{formatSize(backup.size_mb, locale)}</span>
      </td>
      <td role="cell" data-label={t("columnCreated")} className={cell}>
        <span className="text-right lg:text-left">
          <time dateTime={backup.created_at} className="whitespace-nowrap tabular-nums">
            {created}
          </time>
          <span className="whitespace-nowrap text-zinc-600 dark:text-zinc-400">
            {" "}
            · {formatRelative(backup.created_at, now, locale)}
          </span>
        </span>
      </td>
      <td role="cell" data-label={t("columnExpires")} className={`${cell} whitespace-nowrap`}>
        {backup.expires_at === null ? (
          <span className="text-zinc-600 dark:text-zinc-400">{tFormat("never")}</span>
        ) : (
          <time dateTime={backup.expires_at} title={formatDateTime(backup.expires_at, timeZone)}>
            {formatExpiry(backup.expires_at, now, locale, tFormat)}
          </time>
        )}
      </td>
      <td role="cell" data-label={t("columnDescription")} className={`${cell} sm:col-span-2 lg:max-w-72`}>
        <span className="min-w-0 text-right lg:text-left">
          {backup.description ? (
            <span className="break-words">{backup.description}</span>
          ) : (
            <span className="italic text-zinc-600 dark:text-zinc-400">{t("noDescription")}</span>
          )}
          <Actors createdBy={backup.created_by} restoredBy={backup.restored_by} protectedBy={protection} />
          {reason ? (
            <span id={reasonId} className="mt-1 block text-xs font-medium text-red-800 dark:text-red-300">
              {t("notDeleted", { reason })}
            </span>
          ) : null}
        </span>
      </td>
      <td
        role="cell"
        className="mt-2 flex flex-wrap items-center justify-end gap-2 sm:col-span-2 lg:mt-0 lg:table-cell lg:px-3 lg:py-3 lg:text-right lg:whitespace-nowrap"
      >
        <button
          type="button"
          className={buttonStyles.small}
          disabled={blocker !== null}
          aria-describedby={denials.restore ? denialReasonId("restore") : blocker ? blockerId : undefined}
          title={blocker ?? undefined}
          onClick={() => onRestore(backup)}
        >
          {t("restore")}
          <span className="sr-only"> {which}</span>
        </button>
        {blocker && !denials.restore ? (
          <span id={blockerId} className="sr-only">
            {blocker}
          </span>
        ) : null}
        <button
          type="button"
          className={`${buttonStyles.small} lg:ml-2`}
          disabled={denials.delete !== null}
          // Not disabled while it is sent: a disabled button would lose the keyboard's focus.
          aria-disabled={pending || undefined}
          aria-describedby={denials.delete ? denialReasonId("delete") : undefined}
          title={denials.delete ?? undefined}
          onClick={toggleProtection}
        >
          {t(protection ? "unprotect" : "protect")}
          <span className="sr-only"> {which}</span>
        </button>
        <button
          type="button"
          className={`${buttonStyles.smallDanger} lg:ml-2`}
          disabled={deleteBlocker !== null}
          aria-describedby={denials.delete ? denialReasonId("delete") : deleteBlocker ? deleteBlockerId : undefined}
          title={deleteBlocker ?? undefined}
          onClick={() => onDelete(backup)}
        >
          {t("delete")}
          <span className="sr-only"> {which}</span>
        </button>
        {deleteBlocker && !denials.delete ? (
          <span id={deleteBlockerId} className="sr-only">
            {deleteBlocker}
          </span>
        ) : null}
      </td>
    </tr>
  );
}

interface ActorsProps {
  createdBy: BackupActor | null;
  restoredBy: BackupActor | null;
  protectedBy: { email: string; at: string } | null;
}

/**
 * Who created the backup (a person, or a schedule and who set it up), who last restored a server from
 * it, when that was done through the dashboard, and who protected it.
 */
function Actors({ createdBy, restoredBy, protectedBy }: ActorsProps) {
  const t = useTranslations("BackupTable");
  const { timeZone } = useDisplayFormat();
  if (!createdBy && !restoredBy && !protectedBy) return null;
  const who = (actor: BackupActor) => actor.email ?? t("unknownUser");
  const schedule = createdBy?.schedule;
  return (
    <span className="mt-1 block text-xs not-italic text-zinc-600 dark:text-zinc-400">
      {protectedBy ? (
        <span className="flex items-center gap-1">
          <Icon name="lock" className="size-3.5 shrink-0" />
          <span>
            {t.rich("protectedBy", {
              who: protectedBy.email,
              at: formatDateTime(protectedBy.at, timeZone),
              time: (chunks) => <time dateTime={protectedBy.at}>{chunks}</time>,
            })}
          </span>
        </span>
      ) : null}
      {createdBy && schedule ? (
        <span className="block">
          {t.rich("createdBySchedule", {
            schedule: schedule.name,
            who: who(createdBy),
            link: (chunks) => (
              <Link href={`/schedules#schedule-${schedule.id}`} className={`underline ${serverLink}`}>
                {chunks}
              </Link>
            ),
          })}
        </span>
      ) : createdBy ? (
        <span className="block">{t("createdBy", { who: who(createdBy) })}</span>
      ) : null}
      {restoredBy ? (
        <span className="block">
          {t.rich("restoredBy", {
            who: who(restoredBy),
            at: formatDateTime(restoredBy.at, timeZone),
            time: (chunks) => <time dateTime={restoredBy.at}>{chunks}</time>,
          })}
        </span>
      ) : null}
    </span>
  );
}
