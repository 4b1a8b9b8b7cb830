import { Spinner } from "@/components/spinner";
import { buttonStyles, dialogStyles } from "@/components/styles";

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

/** A query that can fail: its error, and a way to fetch it again (TanStack Query's result has both). */
interface FailedQuery {
  error: { message: string } | null;
  refetch: () => unknown;
  isFetching: boolean;
}

/** `ErrorAlert` for a failed query: its message, and Retry fetches it again. */
export function QueryErrorAlert({ title, query }: { title: string; query: FailedQuery }) {
  return (
    <ErrorAlert
      title={title}
      message={query.error?.message ?? ""}
      onRetry={() => void query.refetch()}
      retrying={query.isFetching}
    />
  );
}

/** What an action (a form's submit, a dialog's button) did not do, and why; nothing while there is no error. */
export function ActionError({
  title,
  error,
  className = "",
}: {
  title: string;
  error: { message: string } | null;
  className?: string;
}) {
  if (!error) return null;
  return (
    <div role="alert" className={`${dialogStyles.error} ${className}`.trimEnd()}>
      <p className="font-medium">{title}</p>
      <p className="mt-1">{error.message}</p>
    </div>
  );
}
