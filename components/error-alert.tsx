import { Spinner } from "@/components/backup-status-badge";
import { buttonStyles } from "@/components/styles";

interface ErrorAlertProps {
  title: string;
  message: string;
  onRetry: () => void;
  retrying: boolean;
}

/** A failed request: what failed, the reason as the dashboard gave it, and a way to try again. */
export function ErrorAlert({ title, message, onRetry, retrying }: ErrorAlertProps) {
  return (
    <div
      role="alert"
      className="flex flex-col gap-3 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 sm:flex-row sm:items-start sm:justify-between dark:border-red-900 dark:bg-red-950/60 dark:text-red-100"
    >
      <div>
        <p className="font-medium">{title}</p>
        <p className="mt-1 text-sm">{message}</p>
      </div>
      <button type="button" className={buttonStyles.secondary} onClick={onRetry} disabled={retrying}>
        {retrying ? <Spinner /> : null}
        {retrying ? "Retrying…" : "Retry"}
      </button>
    </div>
  );
}
