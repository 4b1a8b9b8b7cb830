"use client";

import { useTranslations } from "next-intl";
import { AlertDialog } from "radix-ui";
import { Spinner } from "@/components/spinner";
import { ActionError } from "@/components/error-alert";
import { buttonStyles, dialogStyles } from "@/components/styles";
import { useDeleteBackup } from "@/lib/backups/client/delete-backup";
import { formatDateTime, formatSize } from "@/lib/backups/format";
import type { Backup } from "@/lib/backups/schemas";

interface DeleteBackupDialogProps {
  /** The backup to delete; the dialog is open while there is one. */
  backup: Backup | null;
  onClose: () => void;
  onDeleted: (backup: Backup) => void;
  /** Where focus goes when the dialog closes (it has no Trigger to return to). */
  onCloseAutoFocus: (event: Event) => void;
}

export function DeleteBackupDialog({ backup, onClose, onDeleted, onCloseAutoFocus }: DeleteBackupDialogProps) {
  return (
    <AlertDialog.Root open={backup !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={dialogStyles.overlay} />
        {backup ? (
          <DeleteBackupContent backup={backup} onDeleted={onDeleted} onCloseAutoFocus={onCloseAutoFocus} />
        ) : null}
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

function DeleteBackupContent({
  backup,
  onDeleted,
  onCloseAutoFocus,
}: Omit<DeleteBackupDialogProps, "backup" | "onClose"> & { backup: Backup }) {
  const t = useTranslations("DeleteBackup");
  const deleteBackup = useDeleteBackup();
  const pending = deleteBackup.isPending;
  const created = formatDateTime(backup.created_at);

  return (
    <AlertDialog.Content
      className={dialogStyles.content}
      onCloseAutoFocus={onCloseAutoFocus}
      // Cancel is focused first (Radix's default for an alert dialog); no closing mid-request.
      onEscapeKeyDown={(event) => pending && event.preventDefault()}
    >
      <AlertDialog.Title className={dialogStyles.title}>{t("title")}</AlertDialog.Title>
      <AlertDialog.Description className={dialogStyles.description}>
        {t.rich("description", {
          type: backup.backup_type,
          server: backup.server.name,
          created,
          strong: (chunks) => <strong className="font-semibold text-zinc-900 dark:text-zinc-100">{chunks}</strong>,
        })}
      </AlertDialog.Description>
      <dl className="mt-4 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg bg-zinc-50 p-3 text-sm dark:bg-zinc-800/60">
        <dt className="text-zinc-600 dark:text-zinc-400">{t("server")}</dt>
        <dd className="break-all">{backup.server.name}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t("created")}</dt>
        <dd className="tabular-nums">{created}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t("descriptionLabel")}</dt>
        <dd className="break-words">{backup.description || <span className="italic">{t("noDescription")}</span>}</dd>
        <dt className="text-zinc-600 dark:text-zinc-400">{t("size")}</dt>
        <dd>{formatSize(backup.size_mb)}</dd>
      </dl>
      <ActionError title={t("failed")} error={deleteBackup.error} />
      <div className={dialogStyles.footer}>
        <AlertDialog.Cancel className={buttonStyles.secondary} disabled={pending}>
          {t("cancel")}
        </AlertDialog.Cancel>
        {/* Not AlertDialog.Action: that would close the dialog before the answer, hiding an error. */}
        <button
          type="button"
          className={buttonStyles.danger}
          disabled={pending}
          onClick={() => deleteBackup.mutate(backup.id, { onSuccess: () => onDeleted(backup) })}
        >
          {pending ? <Spinner /> : null}
          {pending ? t("submitting") : t("submit")}
        </button>
      </div>
    </AlertDialog.Content>
  );
}
