"use client";

import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { ActionError } from "@/components/error-alert";
import { SelectField, TextField } from "@/components/form-field";
import { buttonStyles } from "@/components/styles";
import { useChangePolicy, useFreshnessPolicies } from "@/lib/backup-health/client/freshness-policy";
import { DEFAULT_LATE_AFTER_HOURS, MAX_LATE_AFTER_HOURS, MIN_LATE_AFTER_HOURS } from "@/lib/backup-health/schemas";
import { formatDateTime } from "@/lib/backups/format";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";

type Mode = "inherit" | "own" | "off";

const hoursOf = (text: string): number | null => {
  const value = Number(text);
  return Number.isInteger(value) && value >= MIN_LATE_AFTER_HOURS && value <= MAX_LATE_AFTER_HOURS ? value : null;
};

/**
 * A server's freshness policy (lib/backup-health): the threshold in force, whose it is, who changed it
 * last; for admins, forms to set the server's own threshold or turn its checks off, and the threshold
 * for all servers. `canConfigure`: whether this role may change them (admins).
 */
export function FreshnessPolicy({ serverId, canConfigure }: { serverId: number; canConfigure: boolean }) {
  const t = useTranslations("FreshnessPolicy");
  const policies = useFreshnessPolicies();
  const change = useChangePolicy();
  const { timeZone } = useDisplayFormat();
  const all = policies.data?.all_servers;
  const own = policies.data?.servers.find((policy) => policy.server_id === serverId);
  const allHours = all?.late_after_hours ?? DEFAULT_LATE_AFTER_HOURS;
  const current: Mode = !own ? "inherit" : !own.checks ? "off" : own.late_after_hours === null ? "inherit" : "own";

  if (!policies.data) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("loading")}</p>;
  return (
    <div className="space-y-4">
      <p className="text-sm">
        {current === "off"
          ? t("summaryOff")
          : current === "own"
            ? t("summaryOwn", { hours: own!.late_after_hours! })
            : t("summaryAll", { hours: allHours })}
        {own?.updated_at ? (
          <span className="block text-xs text-zinc-600 dark:text-zinc-400">
            {t("changedBy", { who: own.updated_by ?? t("someone"), at: formatDateTime(own.updated_at, timeZone) })}
          </span>
        ) : null}
      </p>
      {!canConfigure ? (
        <p className="text-sm text-zinc-600 dark:text-zinc-400">{t("denied")}</p>
      ) : (
        <>
          <ServerPolicyForm
            key={`${current}-${own?.late_after_hours ?? ""}`}
            initialMode={current}
            initialHours={own?.late_after_hours ?? allHours}
            pending={change.isPending}
            onSave={(mode, hours) =>
              change.mutate(
                mode === "inherit"
                  ? { scope: "server", serverId, input: "inherit" }
                  : {
                      scope: "server",
                      serverId,
                      input: { late_after_hours: mode === "own" ? hours : null, checks: mode !== "off" },
                    },
              )
            }
          />
          <AllServersForm
            key={allHours}
            initialHours={allHours}
            pending={change.isPending}
            onSave={(hours) => change.mutate({ scope: "all", input: { late_after_hours: hours } })}
          />
          <ActionError title={t("failed")} error={change.error} />
          {change.isSuccess ? (
            <p role="status" className="text-sm text-green-800 dark:text-green-300">
              {t("saved")}
            </p>
          ) : null}
        </>
      )}
    </div>
  );
}

function ServerPolicyForm({
  initialMode,
  initialHours,
  pending,
  onSave,
}: {
  initialMode: Mode;
  initialHours: number;
  pending: boolean;
  onSave: (mode: Mode, hours: number) => void;
}) {
  const t = useTranslations("FreshnessPolicy");
  const [mode, setMode] = useState<Mode>(initialMode);
  const [hours, setHours] = useState(String(initialHours));
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = hoursOf(hours);
    if (mode === "own" && parsed === null) return setInvalid(true);
    setInvalid(false);
    onSave(mode, parsed ?? initialHours);
  };
  return (
    <form noValidate onSubmit={submit} aria-label={t("serverForm")} className="flex flex-wrap items-end gap-3">
      <SelectField label={t("mode")} value={mode} onChange={(event) => setMode(event.target.value as Mode)}>
        <option value="inherit">{t("modeInherit")}</option>
        <option value="own">{t("modeOwn")}</option>
        <option value="off">{t("modeOff")}</option>
      </SelectField>
      {mode === "own" ? (
        <HoursField label={t("hours")} value={hours} onChange={setHours} invalid={invalid} className="w-40" />
      ) : null}
      <button type="submit" className={buttonStyles.primary} disabled={pending}>
        {t("saveServer")}
      </button>
    </form>
  );
}

function AllServersForm({
  initialHours,
  pending,
  onSave,
}: {
  initialHours: number;
  pending: boolean;
  onSave: (hours: number) => void;
}) {
  const t = useTranslations("FreshnessPolicy");
  const [hours, setHours] = useState(String(initialHours));
  const [invalid, setInvalid] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = hoursOf(hours);
    if (parsed === null) return setInvalid(true);
    setInvalid(false);
    onSave(parsed);
  };
  return (
    <form noValidate onSubmit={submit} aria-label={t("allForm")} className="flex flex-wrap items-end gap-3">
      <HoursField label={t("allHours")} value={hours} onChange={setHours} invalid={invalid} className="w-56" />
      <button type="submit" className={buttonStyles.secondary} disabled={pending}>
        {t("saveAll")}
      </button>
    </form>
  );
}

/** A threshold in whole hours; the forms check it themselves (noValidate) to say what is wrong. */
function HoursField({
  label,
  value,
  onChange,
  invalid,
  className,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  invalid: boolean;
  className: string;
}) {
  const t = useTranslations("FreshnessPolicy");
  return (
    <TextField
      label={label}
      type="number"
      inputMode="numeric"
      min={MIN_LATE_AFTER_HOURS}
      max={MAX_LATE_AFTER_HOURS}
      value={value}
      onChange={(event) => onChange(event.target.value)}
      error={invalid ? t("hoursInvalid", { min: MIN_LATE_AFTER_HOURS, max: MAX_LATE_AFTER_HOURS }) : undefined}
      className={className}
    />
  );
}
