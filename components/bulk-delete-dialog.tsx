"use client";

import { useTranslations } from "next-intl";
import { AlertDialog } from "radix-ui";
import { useEffect, useId, useRef, useState } from "react";
import { ActionError, useErrorText } from "@/components/error-alert";
import { Icon } from "@/components/icons";
import { Spinner } from "@/components/spinner";
import { buttonStyles, dialogStyles, fieldStyles, hintStyles, labelStyles } from "@/components/styles";
import { confirmsPhrase, pickedAfter } from "@/lib/backups/bulk-delete";
import type { Picked } from "@/lib/backups/bulk-selection";
import { useBulkDeleteBackups } from "@/lib/backups/client/bulk-delete-backups";
import { formatDateTime } from "@/lib/backups/format";
import type { BulkDeleteItem, ListedBackup } from "@/lib/backups/schemas";
import { newIdempotencyKey } from "@/lib/http/client/fetch-json";

// The bulk delete's confirmation (loaded on demand, not with the page): the selected backups, which
// of them are protected and will be refused, a phrase naming the count to type ("delete 4 backups"),
// then each backup's outcome. The ones not deleted stay selected in the list with their reason.

interface BulkDeleteDialogProps {
  /** The selected backups, in the list's order; the dialog is open while there are some. */
  backups: readonly ListedBackup[];
  onClose: () => void;
  /** The list's selection after the answer: the deleted ones leave it, the others stay with why. */
  onPicked: (update: (picked: Picked) => Picked) => void;
  /** Where focus goes when the dialog closes (it has no Trigger to return to). */
  onCloseAutoFocus: (event: Event) => void;
}

export function BulkDeleteDialog({ backups, onClose, onPicked, onCloseAutoFocus }: BulkDeleteDialogProps) {
  return (
    <AlertDialog.Root open={backups.length > 0} onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={dialogStyles.overlay} />
        {backups.length > 0 ? (
          <BulkDeleteContent backups={backups} onPicked={onPicked} onCloseAutoFocus={onCloseAutoFocus} />
        ) : null}
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

const outcomeStyles: Record<BulkDeleteItem["outcome"], string> = {
  deleted: "text-emerald-800 dark:text-emerald-300",
  refused: "text-amber-900 dark:text-amber-200",
  failed: "text-red-800 dark:text-red-300",
};

function BulkDeleteContent({ backups, onPicked, onCloseAutoFocus }: Omit<BulkDeleteDialogProps, "onClose">) {
  const t = useTranslations("BulkDelete");
  const errorText = useErrorText();
  const id = useId();
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [typed, setTyped] = useState("");
  const bulkDelete = useBulkDeleteBackups();
  const pending = bulkDelete.isPending;
  const results = bulkDelete.data?.results;
  const outcomes = new Map(results?.map((item) => [item.backup_id, item]));
  const count = backups.length;
  const phrase = t("phrase", { count });
  const confirmed = confirmsPhrase(typed, phrase);
  const protectedCount = backups.filter((backup) => backup.protected_by).length;
  const close = useRef<HTMLButtonElement>(null);
  // The form goes once the answer is in: focus moves to Close, past the outcomes the status announced.
  useEffect(() => {
    if (results) close.current?.focus();
  }, [results]);

  const reasonOf = (item: BulkDeleteItem) => errorText({ code: item.code, message: item.message ?? "" });
  const deleted = results?.filter((item) => item.outcome === "deleted").length ?? 0;

  return (
    <AlertDialog.Content
      className={dialogStyles.content}
      onCloseAutoFocus={onCloseAutoFocus}
      onEscapeKeyDown={(event) => pending && event.preventDefault()}
    >
      <AlertDialog.Title className={dialogStyles.title}>{t("title", { count })}</AlertDialog.Title>
      <AlertDialog.Description className={dialogStyles.description}>
        {t("description", { count })}
      </AlertDialog.Description>
      {protectedCount > 0 && !results ? (
        <p className="mt-3 flex gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950/60 dark:text-amber-100">
          <Icon name="lock" className="mt-0.5 size-4 shrink-0" />
          <span>{t("protectedNote", { count: protectedCount })}</span>
        </p>
      ) : null}
      <ul
        aria-label={t("listLabel")}
        className="mt-4 divide-y divide-zinc-200 rounded-lg bg-zinc-50 text-sm dark:divide-zinc-700 dark:bg-zinc-800/60"
      >
        {backups.map((backup) => {
          const item = outcomes.get(backup.id);
          const reason = item && item.outcome !== "deleted" ? reasonOf(item) : null;
          return (
            <li key={backup.id} className="px-3 py-2">
              <span className="font-medium break-all">{backup.server.name}</span>
              <span className="text-zinc-600 tabular-nums dark:text-zinc-400">
                {" "}
                · {formatDateTime(backup.created_at)}
              </span>
              {backup.description ? <span className="block break-words">{backup.description}</span> : null}
              {backup.protected_by && !item ? (
                <span className="mt-0.5 flex items-center gap-1 text-xs text-amber-900 dark:text-amber-200">
                  <Icon name="lock" className="size-3.5 shrink-0" />
                  {t("willBeRefused", { who: backup.protected_by.email })}
                </span>
              ) : null}
              {item ? (
                <span className={`mt-0.5 block text-xs font-medium ${outcomeStyles[item.outcome]}`}>
                  {t("outcome", { outcome: item.outcome })}
                  {reason ? <span className="font-normal">: {reason.text}</span> : null}
                  {reason?.detail ? (
                    <span lang="en" className="block font-normal opacity-80">
                      {reason.detail}
                    </span>
                  ) : null}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      <p role="status" className="mt-4 text-sm font-medium empty:hidden">
        {results ? t("summary", { deleted, kept: results.length - deleted }) : ""}
      </p>
      {results ? (
        <div className={dialogStyles.footer}>
          <AlertDialog.Cancel ref={close} className={buttonStyles.secondary}>
            {t("close")}
          </AlertDialog.Cancel>
        </div>
      ) : (
        <form
          className="mt-5"
          onSubmit={(event) => {
            event.preventDefault();
            if (!confirmed || pending) return;
            bulkDelete.mutate(
              { backupIds: backups.map((backup) => backup.id), idempotencyKey },
              {
                onSuccess: (answer) =>
                  onPicked((picked) => pickedAfter(picked, answer.results, (item) => reasonOf(item).text)),
              },
            );
          }}
        >
          <label htmlFor={`${id}-confirm`} className={labelStyles}>
            {t("confirmLabel")}
          </label>
          <p id={`${id}-hint`} className={hintStyles}>
            {t.rich("confirmHint", {
              phrase,
              code: (chunks) => <span className="font-mono text-zinc-900 select-all dark:text-zinc-100">{chunks}</span>,
            })}
          </p>
          <input
            id={`${id}-confirm`}
            className={`${fieldStyles} mt-2 font-mono`}
            value={typed}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            aria-describedby={`${id}-hint`}
            onChange={(event) => setTyped(event.target.value)}
          />
          <ActionError title={t("failed")} error={bulkDelete.error} />
          <div className={dialogStyles.footer}>
            <AlertDialog.Cancel className={buttonStyles.secondary} disabled={pending}>
              {t("cancel")}
            </AlertDialog.Cancel>
            <button type="submit" className={buttonStyles.danger} disabled={!confirmed || pending}>
              {pending ? <Spinner /> : null}
              {pending ? t("submitting") : t("submit", { count })}
            </button>
          </div>
        </form>
      )}
    </AlertDialog.Content>
  );
}
