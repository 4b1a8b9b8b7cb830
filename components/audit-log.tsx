"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { SimpleTable } from "@/components/column-headers";
import { QueryErrorAlert } from "@/components/error-alert";
import { SelectField, TextField } from "@/components/form-field";
import { StatusBadge, type StatusLook } from "@/components/status-badge";
import { buttonStyles } from "@/components/styles";
import { auditActions, auditOutcomes } from "@/lib/audit/schemas";
import { auditExportUrl, useAuditPage, type AuditPageFilters } from "@/lib/audit/client/get-audit";
import type { AuditAction, AuditEntry } from "@/lib/audit/schemas";
import { formatDateTime } from "@/lib/backups/format";
import { useServers } from "@/lib/servers/client/get-servers";

type AuditT = ReturnType<typeof useTranslations<"Audit">>;

const isAuditAction = (action: string): action is AuditAction => (auditActions as readonly string[]).includes(action);

/** An action by its name (the "Audit.actions" messages, keyed by the action: `backup.create` …); one this version does not know, as it is. */
const actionLabel = (t: AuditT, action: string) => (isAuditAction(action) ? t(`actions.${action}`) : action);

const auditColumnKeys = ["time", "who", "action", "what", "outcome", "ip"] as const;

const emptyFilters = { actor: "", action: "", outcome: "", server_id: "", from: "", to: "" };

/** The audit log: filters, a page of entries (newest first), paging and the CSV export of the filtered log. */
export function AuditLog() {
  const t = useTranslations("Audit");
  const servers = useServers();
  const [draft, setDraft] = useState(emptyFilters);
  const [applied, setApplied] = useState<AuditPageFilters>({});
  const [page, setPage] = useState(1);
  const audit = useAuditPage({ ...applied, page });
  const set = (key: keyof typeof emptyFilters) => (event: { target: { value: string } }) =>
    setDraft((current) => ({ ...current, [key]: event.target.value }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setApplied(draft);
    setPage(1);
  }

  const data = audit.data;
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const outcomeLooks = outcomeLooksOf(t);
  const auditColumns = auditColumnKeys.map((key) => ({ label: t(`columns.${key}`) }));

  return (
    <div className="mt-6 space-y-6">
      <form
        onSubmit={onSubmit}
        aria-label={t("filters")}
        className="grid gap-4 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <TextField label={t("who")} type="search" value={draft.actor} onChange={set("actor")} />
        <SelectField label={t("action")} value={draft.action} onChange={set("action")}>
          <option value="">{t("anyAction")}</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {actionLabel(t, action)}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("outcome")} value={draft.outcome} onChange={set("outcome")}>
          <option value="">{t("anyOutcome")}</option>
          {auditOutcomes.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcomeLooks[outcome].label}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("server")} value={draft.server_id} onChange={set("server_id")}>
          <option value="">{t("anyServer")}</option>
          {(servers.data?.results ?? []).map((server) => (
            <option key={server.id} value={String(server.id)}>
              {server.name}
            </option>
          ))}
        </SelectField>
        <TextField label={t("from")} type="date" value={draft.from} onChange={set("from")} />
        <TextField label={t("to")} type="date" value={draft.to} onChange={set("to")} />
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-6">
          <button type="submit" className={buttonStyles.primary}>
            {t("apply")}
          </button>
          <button
            type="button"
            className={buttonStyles.secondary}
            onClick={() => {
              setDraft(emptyFilters);
              setApplied({});
              setPage(1);
            }}
          >
            {t("clear")}
          </button>
          <a href={auditExportUrl(applied)} download className={`${buttonStyles.secondary} ml-auto`}>
            {t("exportCsv")}
          </a>
        </div>
      </form>

      <section aria-labelledby="audit-entries-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="audit-entries-heading" className="text-lg font-semibold">
            {t("entries")}
          </h2>
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            {data
              ? data.total > 0
                ? t("countWithPage", { total: data.total, page: data.page, pages })
                : t("count", { total: data.total })
              : null}
          </p>
        </div>
        {audit.isError ? <QueryErrorAlert title={t("loadFailed")} query={audit} /> : null}
        {data ? (
          data.entries.length > 0 ? (
            <div className="overflow-x-auto">
              <SimpleTable labelledBy="audit-entries-heading" columns={auditColumns}>
                {data.entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} t={t} outcomeLooks={outcomeLooks} />
                ))}
              </SimpleTable>
            </div>
          ) : (
            <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center dark:border-zinc-700 dark:bg-zinc-900">
              {t("noMatch")}
            </p>
          )
        ) : audit.isPending ? (
          <p role="status">{t("loading")}</p>
        ) : null}
        {data && pages > 1 ? (
          <nav aria-label={t("pages")} className="flex items-center justify-center gap-3">
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={page <= 1}
              onClick={() => setPage((n) => n - 1)}
            >
              {t("newer")}
            </button>
            <span className="text-sm tabular-nums">{t("pageOf", { page, pages })}</span>
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={page >= pages}
              onClick={() => setPage((n) => n + 1)}
            >
              {t("older")}
            </button>
          </nav>
        ) : null}
      </section>
    </div>
  );
}

type OutcomeLooks = Record<AuditEntry["outcome"], StatusLook>;

const outcomeLooksOf = (t: AuditT): OutcomeLooks => ({
  attempt: { tone: "neutral", label: t("outcomes.attempt") },
  success: { tone: "green", label: t("outcomes.success") },
  failure: { tone: "red", label: t("outcomes.failure") },
  // An attempt whose dashboard instance stopped before VPS.org answered: found done afterwards, or not.
  reconciled: { tone: "green", marker: "dot", label: t("outcomes.reconciled") },
  unknown: { tone: "amber", label: t("outcomes.unknown") },
});

function AuditRow({ entry, t, outcomeLooks }: { entry: AuditEntry; t: AuditT; outcomeLooks: OutcomeLooks }) {
  const { target } = entry;
  const server = target.serverName
    ? t("serverNamed", { name: target.serverName, id: target.serverId ?? "?" })
    : target.serverId
      ? t("serverById", { id: target.serverId })
      : null;
  const what = [server, target.backupId ? t("backupById", { id: target.backupId }) : null, target.userEmail]
    .filter(Boolean)
    .join(" · ");
  return (
    <tr className="align-top">
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">
        <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
      </td>
      <td className="break-all px-3 py-3">
        {entry.actor && entry.via
          ? t(entry.via.kind === "schedule" ? "viaSchedule" : "viaApiKey", {
              name: entry.via.name,
              email: entry.actor.email,
            })
          : (entry.actor?.email ?? <span className="italic text-zinc-600 dark:text-zinc-400">{t("nobody")}</span>)}
      </td>
      <td className="px-3 py-3 whitespace-nowrap">{actionLabel(t, entry.action)}</td>
      <td className="px-3 py-3">
        {what || <span className="text-zinc-600 dark:text-zinc-400">—</span>}
        {target.description ? (
          <span className="block text-xs break-words text-zinc-600 dark:text-zinc-400">{target.description}</span>
        ) : null}
      </td>
      <td className="px-3 py-3">
        <StatusBadge status={entry.outcome} looks={outcomeLooks} />
        {entry.outcome === "unknown" && entry.error ? (
          <span className="mt-1 block text-xs break-words text-amber-900 dark:text-amber-200">
            {entry.error.message}
          </span>
        ) : entry.error ? (
          <span className="mt-1 block text-xs break-words text-red-800 dark:text-red-300">
            {entry.error.code}: {entry.error.message}
          </span>
        ) : entry.outcome === "reconciled" ? (
          <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">{t("reconciledNote")}</span>
        ) : null}
      </td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">{entry.ip ?? "—"}</td>
    </tr>
  );
}
