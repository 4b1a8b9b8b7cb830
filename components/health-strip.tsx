"use client";

import { useTranslations } from "next-intl";
import { HEALTH_STATES, type HealthState } from "@/lib/backup-health/schemas";

const tones: Record<HealthState, string> = {
  healthy: "bg-green-600 dark:bg-green-400",
  late: "bg-amber-600 dark:bg-amber-400",
  failing: "bg-red-600 dark:bg-red-400",
  never: "bg-red-600 dark:bg-red-400",
  unknown: "bg-zinc-500 dark:bg-zinc-400",
  off: "bg-zinc-300 dark:bg-zinc-600",
};

/** Always shown, zero or not: the states a team looks for. The others only when a server is in them. */
const ALWAYS: ReadonlySet<HealthState> = new Set(["healthy", "late", "failing", "never"]);

/** How many servers are in each health state, each a filter of the page (pressed again: all servers). */
export function HealthStrip({
  counts,
  active,
  onSelect,
}: {
  counts: Readonly<Record<HealthState, number>>;
  active: HealthState | undefined;
  onSelect: (state: HealthState | undefined) => void;
}) {
  const t = useTranslations("Health");
  return (
    <ul aria-label={t("strip")} className="flex flex-wrap gap-2">
      {HEALTH_STATES.filter((state) => ALWAYS.has(state) || counts[state] > 0 || active === state).map((state) => (
        <li key={state}>
          <button
            type="button"
            aria-pressed={active === state}
            onClick={() => onSelect(active === state ? undefined : state)}
            className="inline-flex items-center gap-2 rounded-full border border-zinc-300 bg-white px-3 py-1 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-blue-600 aria-pressed:border-blue-700 aria-pressed:bg-blue-50 aria-pressed:text-blue-900 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:bg-zinc-800 dark:focus-visible:outline-blue-400 dark:aria-pressed:border-blue-400 dark:aria-pressed:bg-blue-950 dark:aria-pressed:text-blue-100"
          >
            <span aria-hidden="true" className={`size-2 rounded-full ${tones[state]}`} />
            {t("state", { state })}
            <span aria-hidden="true" className="tabular-nums">
              {counts[state]}
            </span>
            <span className="sr-only">{t("servers", { count: counts[state] })}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
