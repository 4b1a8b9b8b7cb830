import { useTranslations } from "next-intl";

/** Placeholder rows while the first list loads. */
export function BackupListSkeleton({ rows = 6 }: { rows?: number }) {
  const t = useTranslations("BackupTable");
  return (
    <div
      role="status"
      aria-live="polite"
      className="divide-y divide-zinc-200 rounded-xl border border-zinc-200 bg-white dark:divide-zinc-800 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <span className="sr-only">{t("loading")}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} aria-hidden="true" className="flex animate-pulse items-center gap-4 px-4 py-4">
          <div className="h-4 w-32 rounded bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-4 w-16 rounded bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-5 w-24 rounded-full bg-zinc-200 dark:bg-zinc-800" />
          <div className="hidden h-4 w-14 rounded bg-zinc-200 sm:block dark:bg-zinc-800" />
          <div className="hidden h-4 w-44 rounded bg-zinc-200 md:block dark:bg-zinc-800" />
          <div className="hidden h-4 flex-1 rounded bg-zinc-200 lg:block dark:bg-zinc-800" />
        </div>
      ))}
    </div>
  );
}
