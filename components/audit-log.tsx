"use client";

import { useState, type FormEvent } from "react";
import { SimpleTable } from "@/components/column-headers";
import { QueryErrorAlert } from "@/components/error-alert";
import { SelectField, TextField } from "@/components/form-field";
import { StatusBadge, type StatusLook } from "@/components/status-badge";
import { buttonStyles } from "@/components/styles";
import { auditActions, auditOutcomes } from "@/lib/audit/schemas";
import { auditExportUrl, useAuditPage, type AuditPageFilters } from "@/lib/audit/client/get-audit";
import type { AuditEntry } from "@/lib/audit/schemas";
import { formatDateTime } from "@/lib/backups/format";
import { useServers } from "@/lib/servers/client/get-servers";

const ACTION_LABELS: Record<(typeof auditActions)[number], string> = {
  "backup.create": "Create backup",
  "backup.delete": "Delete backup",
  "server.restore": "Restore server",
  "auth.sign_in": "Sign in",
  "auth.sign_in_failed": "Failed sign-in",
  "user.create": "Add user",
  "user.role_change": "Change role",
  "user.disable": "Disable user",
  "user.enable": "Enable user",
  "setup.complete": "First-run setup",
};

const actionLabel = (action: string) => ACTION_LABELS[action as keyof typeof ACTION_LABELS] ?? action;

const auditColumns = ["Time", "Who", "Action", "What", "Outcome", "IP"].map((label) => ({ label }));

const emptyFilters = { actor: "", action: "", outcome: "", server_id: "", from: "", to: "" };

/** The audit log: filters, a page of entries (newest first), paging and the CSV export of the filtered log. */
export function AuditLog() {
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

  return (
    <div className="mt-6 space-y-6">
      <form
        onSubmit={onSubmit}
        aria-label="Audit log filters"
        className="grid gap-4 rounded-xl border border-zinc-200 bg-white p-4 sm:grid-cols-2 lg:grid-cols-6 dark:border-zinc-800 dark:bg-zinc-900"
      >
        <TextField label="Who (email)" type="search" value={draft.actor} onChange={set("actor")} />
        <SelectField label="Action" value={draft.action} onChange={set("action")}>
          <option value="">Any action</option>
          {auditActions.map((action) => (
            <option key={action} value={action}>
              {ACTION_LABELS[action]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Outcome" value={draft.outcome} onChange={set("outcome")}>
          <option value="">Any outcome</option>
          {auditOutcomes.map((outcome) => (
            <option key={outcome} value={outcome}>
              {outcomeLooks[outcome].label}
            </option>
          ))}
        </SelectField>
        <SelectField label="Server" value={draft.server_id} onChange={set("server_id")}>
          <option value="">Any server</option>
          {(servers.data?.results ?? []).map((server) => (
            <option key={server.id} value={String(server.id)}>
              {server.name}
            </option>
          ))}
        </SelectField>
        <TextField label="From" type="date" value={draft.from} onChange={set("from")} />
        <TextField label="To" type="date" value={draft.to} onChange={set("to")} />
        <div className="flex flex-wrap items-center gap-2 sm:col-span-2 lg:col-span-6">
          <button type="submit" className={buttonStyles.primary}>
            Apply filters
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
            Clear
          </button>
          <a href={auditExportUrl(applied)} download className={`${buttonStyles.secondary} ml-auto`}>
            Export CSV
          </a>
        </div>
      </form>

      <section aria-labelledby="audit-entries-heading" className="space-y-3">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="audit-entries-heading" className="text-lg font-semibold">
            Entries
          </h2>
          <p role="status" className="text-sm text-zinc-600 dark:text-zinc-400">
            {data
              ? `${data.total} entr${data.total === 1 ? "y" : "ies"}${data.total > 0 ? `, page ${data.page} of ${pages}` : ""}`
              : null}
          </p>
        </div>
        {audit.isError ? <QueryErrorAlert title="The audit log could not be loaded." query={audit} /> : null}
        {data ? (
          data.entries.length > 0 ? (
            <div className="overflow-x-auto">
              <SimpleTable labelledBy="audit-entries-heading" columns={auditColumns}>
                {data.entries.map((entry) => (
                  <AuditRow key={entry.id} entry={entry} />
                ))}
              </SimpleTable>
            </div>
          ) : (
            <p className="rounded-xl border border-dashed border-zinc-300 bg-white px-6 py-10 text-center dark:border-zinc-700 dark:bg-zinc-900">
              No entries match these filters.
            </p>
          )
        ) : audit.isPending ? (
          <p role="status">Loading the audit log…</p>
        ) : null}
        {data && pages > 1 ? (
          <nav aria-label="Audit log pages" className="flex items-center justify-center gap-3">
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={page <= 1}
              onClick={() => setPage((n) => n - 1)}
            >
              Newer
            </button>
            <span className="text-sm tabular-nums">
              Page {page} of {pages}
            </span>
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={page >= pages}
              onClick={() => setPage((n) => n + 1)}
            >
              Older
            </button>
          </nav>
        ) : null}
      </section>
    </div>
  );
}

const outcomeLooks: Record<AuditEntry["outcome"], StatusLook> = {
  attempt: { tone: "neutral", label: "Attempt" },
  success: { tone: "green", label: "Success" },
  failure: { tone: "red", label: "Failure" },
  // An attempt whose dashboard instance stopped before VPS.org answered: found done afterwards, or not.
  reconciled: { tone: "green", marker: "dot", label: "Reconciled" },
  unknown: { tone: "amber", label: "Unknown" },
};

function AuditRow({ entry }: { entry: AuditEntry }) {
  const { target } = entry;
  const server = target.serverName
    ? `${target.serverName} (${target.serverId ?? "?"})`
    : target.serverId
      ? `server ${target.serverId}`
      : null;
  const what = [server, target.backupId ? `backup ${target.backupId}` : null, target.userEmail]
    .filter(Boolean)
    .join(" · ");
  return (
    <tr className="align-top">
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">
        <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt)}</time>
      </td>
      <td className="break-all px-3 py-3">
        {entry.actor?.email ?? <span className="italic text-zinc-600 dark:text-zinc-400">nobody signed in</span>}
      </td>
      <td className="px-3 py-3 whitespace-nowrap">{actionLabel(entry.action)}</td>
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
          <span className="mt-1 block text-xs text-zinc-600 dark:text-zinc-400">
            Done: found after the instance that asked had stopped
          </span>
        ) : null}
      </td>
      <td className="px-3 py-3 whitespace-nowrap tabular-nums">{entry.ip ?? "—"}</td>
    </tr>
  );
}
