import type { ReactNode } from "react";
import { Spinner } from "@/components/spinner";

/** The badge colours: each status of each kind (backup, server, audit outcome) maps to one of these. */
const tones = {
  neutral: "bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700",
  blue: "bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900",
  green: "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900",
  red: "bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900",
  amber: "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900",
} as const;

const dots: Record<keyof typeof tones, string> = {
  neutral: "bg-zinc-600 dark:bg-zinc-400",
  blue: "bg-blue-600 dark:bg-blue-400",
  green: "bg-green-600 dark:bg-green-400",
  red: "bg-red-600 dark:bg-red-400",
  amber: "bg-amber-600 dark:bg-amber-400",
};

/** How one status looks: its colour, an optional marker before the words, and the words (else the status itself). */
export interface StatusLook {
  tone: keyof typeof tones;
  marker?: "spinner" | "dot";
  label?: string;
}

/**
 * A status in words and colour, looked up in `looks`; a status missing from it (e.g. one the
 * provider adds later) is shown as it is, in the neutral colour.
 */
export function StatusBadge({ status, looks }: { status: string; looks: Readonly<Record<string, StatusLook>> }) {
  const look: StatusLook = Object.hasOwn(looks, status) ? looks[status]! : { tone: "neutral" };
  return (
    <Badge tone={look.tone}>
      {look.marker === "spinner" ? <Spinner /> : null}
      {look.marker === "dot" ? (
        <span aria-hidden="true" className={`size-1.5 rounded-full ${dots[look.tone]}`} />
      ) : null}
      {look.label ?? status}
    </Badge>
  );
}

function Badge({ tone, children }: { tone: keyof typeof tones; children: ReactNode }) {
  return (
    <span
      className={`inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}
    >
      {children}
    </span>
  );
}
