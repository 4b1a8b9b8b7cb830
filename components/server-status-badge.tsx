import { Spinner } from "@/components/backup-status-badge";

const badgeBase =
  "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

const tones: Record<string, string> = {
  active: "bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900",
  stopped: "bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700",
  suspended: "bg-amber-50 text-amber-900 ring-amber-200 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-900",
  restoring: "bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900",
};
const neutral = "bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700";

/** A server's status as VPS.org reports it; `null` when the token may not read servers. */
export function ServerStatusBadge({ status }: { status: string | null }) {
  if (status === null) return <span className={`${badgeBase} ${neutral}`}>status unknown</span>;
  return (
    <span className={`${badgeBase} ${tones[status] ?? neutral}`}>
      {status === "restoring" ? <Spinner /> : null}
      {status}
    </span>
  );
}
