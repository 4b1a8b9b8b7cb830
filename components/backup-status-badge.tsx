import { COMPLETED, FAILED, IN_PROGRESS } from "@/lib/backups/backup-status";

const badgeBase =
  "inline-flex items-center gap-1.5 whitespace-nowrap rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset";

/** A backup's status in words and colour; a status the provider adds later is shown as it is. */
export function BackupStatusBadge({ status }: { status: string }) {
  if (status === IN_PROGRESS) {
    return (
      <span
        className={`${badgeBase} bg-blue-50 text-blue-800 ring-blue-200 dark:bg-blue-950 dark:text-blue-200 dark:ring-blue-900`}
      >
        <Spinner />
        In progress
      </span>
    );
  }
  if (status === COMPLETED) {
    return (
      <span
        className={`${badgeBase} bg-green-50 text-green-800 ring-green-200 dark:bg-green-950 dark:text-green-200 dark:ring-green-900`}
      >
        <span aria-hidden="true" className="size-1.5 rounded-full bg-green-600 dark:bg-green-400" />
        Completed
      </span>
    );
  }
  if (status === FAILED) {
    return (
      <span
        className={`${badgeBase} bg-red-50 text-red-800 ring-red-200 dark:bg-red-950 dark:text-red-200 dark:ring-red-900`}
      >
        <span aria-hidden="true" className="size-1.5 rounded-full bg-red-600 dark:bg-red-400" />
        Failed
      </span>
    );
  }
  return (
    <span
      className={`${badgeBase} bg-zinc-100 text-zinc-800 ring-zinc-300 dark:bg-zinc-800 dark:text-zinc-200 dark:ring-zinc-700`}
    >
      {status}
    </span>
  );
}

export function Spinner({ className = "size-3" }: { className?: string }) {
  return (
    <svg aria-hidden="true" viewBox="0 0 16 16" fill="none" className={`${className} animate-spin`}>
      <circle cx="8" cy="8" r="6" stroke="currentColor" strokeOpacity="0.3" strokeWidth="2.5" />
      <path d="M14 8a6 6 0 0 0-6-6" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" />
    </svg>
  );
}
