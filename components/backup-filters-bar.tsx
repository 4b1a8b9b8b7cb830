"use client";

import { useTranslations } from "next-intl";
import { SelectField, TextField } from "@/components/form-field";
import { buttonStyles } from "@/components/styles";
import { isBackupType } from "@/lib/backups/backup-filters";
import type { ServerEntry } from "@/lib/backups/server-summary";
import type { BackupFilters } from "@/lib/backups/inputs";

interface BackupFiltersBarProps {
  servers: readonly ServerEntry[];
  filters: BackupFilters;
  q: string;
  onFiltersChange: (filters: BackupFilters) => void;
  onSearchChange: (q: string) => void;
  onClear: () => void;
  active: boolean;
}

export function BackupFiltersBar({
  servers,
  filters,
  q,
  onFiltersChange,
  onSearchChange,
  onClear,
  active,
}: BackupFiltersBarProps) {
  const t = useTranslations("Filters");
  const serverValue = filters.server_id === undefined ? "" : String(filters.server_id);
  // A server id from a pasted link that is not (yet) in the list still shows as selected.
  const unknownServer = filters.server_id !== undefined && !servers.some((server) => server.id === filters.server_id);

  return (
    <div
      role="search"
      aria-label={t("label")}
      className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[minmax(12rem,1fr)_minmax(10rem,12rem)_minmax(14rem,2fr)_auto] lg:items-end"
    >
      <SelectField
        id="filter-server"
        label={t("server")}
        value={serverValue}
        onChange={(event) => {
          const value = event.target.value;
          onFiltersChange({ ...filters, server_id: value === "" ? undefined : Number(value) });
        }}
      >
        <option value="">{t("allServers")}</option>
        {unknownServer ? <option value={serverValue}>{t("unknownServer", { id: serverValue })}</option> : null}
        {servers.map((server) => (
          <option key={server.id} value={server.id}>
            {server.name}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="filter-type"
        label={t("type")}
        value={filters.backup_type ?? ""}
        onChange={(event) => {
          const value = event.target.value;
          onFiltersChange({ ...filters, backup_type: isBackupType(value) ? value : undefined });
        }}
      >
        <option value="">{t("allTypes")}</option>
        <option value="manual">{t("manual")}</option>
        <option value="automatic">{t("automatic")}</option>
      </SelectField>
      <TextField
        id="filter-search"
        className="sm:col-span-2 lg:col-span-1"
        label={t("search")}
        type="search"
        placeholder={t("searchPlaceholder")}
        autoComplete="off"
        value={q}
        onChange={(event) => onSearchChange(event.target.value)}
      />
      <div className="sm:col-span-2 lg:col-span-1">
        <button
          type="button"
          className={`${buttonStyles.secondary} w-full lg:w-auto`}
          onClick={onClear}
          disabled={!active}
        >
          {t("clear")}
        </button>
      </div>
    </div>
  );
}
