import { useLocale, useMessages, useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Spinner } from "@/components/spinner";
import { buttonStyles, dialogStyles } from "@/components/styles";
import { errorText, MESSAGE_LOCALE, type ShownError, type ShownErrorText } from "@/lib/http/client/error-text";

/**
 * An error's text in the page's language (lib/http/client/error-text.ts): `text` to show, and
 * `detail`, the server's own words, when they add to it (for a toast: its title and description).
 */
export function useErrorText(): (error: ShownError) => ShownErrorText {
  const t = useTranslations("Errors");
  const locale = useLocale();
  const messages = useMessages().Errors;
  return (error) => errorText(error, locale, t, messages);
}

/** An error's text, and the server's words under it when they add to it. */
export function ErrorText({ error, className = "mt-1" }: { error: ShownError; className?: string }) {
  const { text, detail } = useErrorText()(error);
  return (
    <>
      <p className={className}>{text}</p>
      {detail ? (
        <p lang={MESSAGE_LOCALE} className="mt-1 text-xs opacity-80">
          {detail}
        </p>
      ) : null}
    </>
  );
}

interface ErrorAlertProps {
  title: string;
  /** Why, in the page's language (a failed request's: `<ErrorText error={…} />`). */
  message: ReactNode;
  onRetry: () => void;
  retrying: boolean;
}

/** A failed request: what failed, the reason as the dashboard gave it, and a way to try again. */
export function ErrorAlert({ title, message, onRetry, retrying }: ErrorAlertProps) {
  const t = useTranslations("ErrorAlert");
  return (
    <div
      role="alert"
      className="flex flex-col gap-3 rounded-xl border border-red-300 bg-red-50 p-4 text-red-950 sm:flex-row sm:items-start sm:justify-between dark:border-red-900 dark:bg-red-950/60 dark:text-red-100"
    >
      <div>
        <p className="font-medium">{title}</p>
        {typeof message === "string" ? <p className="mt-1 text-sm">{message}</p> : message}
      </div>
      <button type="button" className={buttonStyles.secondary} onClick={onRetry} disabled={retrying}>
        {retrying ? <Spinner /> : null}
        {retrying ? t("retrying") : t("retry")}
      </button>
    </div>
  );
}

/** A query that can fail: its error, and a way to fetch it again (TanStack Query's result has both). */
interface FailedQuery {
  error: ShownError | null;
  refetch: () => unknown;
  isFetching: boolean;
}

/** `ErrorAlert` for a failed query: its error, and Retry fetches it again. */
export function QueryErrorAlert({ title, query }: { title: string; query: FailedQuery }) {
  return (
    <ErrorAlert
      title={title}
      message={query.error ? <ErrorText error={query.error} className="mt-1 text-sm" /> : ""}
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
  error: ShownError | null;
  className?: string;
}) {
  if (!error) return null;
  return (
    <div role="alert" className={`${dialogStyles.error} ${className}`.trimEnd()}>
      <p className="font-medium">{title}</p>
      <ErrorText error={error} />
    </div>
  );
}
