"use client";

import { useTranslations } from "next-intl";
import { AlertDialog } from "radix-ui";
import { useId, useState } from "react";
import { Spinner } from "@/components/spinner";
import { ActionError } from "@/components/error-alert";
import { buttonStyles, dialogStyles, fieldStyles, hintStyles, labelStyles } from "@/components/styles";
import { formatDateTime } from "@/lib/backups/format";
import type { Backup } from "@/lib/backups/schemas";
import type { RestoreResult } from "@/lib/servers/schemas";
import { useRestoreServer } from "@/lib/servers/client/restore-server";

interface RestoreBackupDialogProps {
  /** The backup to restore its server from; the dialog is open while there is one. */
  backup: Backup | null;
  onClose: () => void;
  onRestoring: (result: RestoreResult, backup: Backup) => void;
  /** Where focus goes when the dialog closes (it has no Trigger to return to). */
  onCloseAutoFocus: (event: Event) => void;
}

export function RestoreBackupDialog({ backup, onClose, onRestoring, onCloseAutoFocus }: RestoreBackupDialogProps) {
  return (
    <AlertDialog.Root open={backup !== null} onOpenChange={(open) => !open && onClose()}>
      <AlertDialog.Portal>
        <AlertDialog.Overlay className={dialogStyles.overlay} />
        {backup ? (
          <RestoreBackupContent backup={backup} onRestoring={onRestoring} onCloseAutoFocus={onCloseAutoFocus} />
        ) : null}
      </AlertDialog.Portal>
    </AlertDialog.Root>
  );
}

function RestoreBackupContent({
  backup,
  onRestoring,
  onCloseAutoFocus,
}: Omit<RestoreBackupDialogProps, "backup" | "onClose"> & { backup: Backup }) {
  const t = useTranslations("RestoreBackup");
  const id = useId();
  const restore = useRestoreServer();
  const [typed, setTyped] = useState("");
  const pending = restore.isPending;
  const serverName = backup.server.name;
  const confirmed = typed === serverName;
  const created = formatDateTime(backup.created_at);
  const strong = "font-semibold text-zinc-900 dark:text-zinc-100";

  return (
    <AlertDialog.Content
      className={dialogStyles.content}
      onCloseAutoFocus={onCloseAutoFocus}
      onEscapeKeyDown={(event) => pending && event.preventDefault()}
    >
      <AlertDialog.Title className={dialogStyles.title}>{t("title", { server: serverName })}</AlertDialog.Title>
      <AlertDialog.Description className={dialogStyles.description}>
        {t.rich(backup.description ? "descriptionWithNote" : "description", {
          server: serverName,
          created,
          note: backup.description ?? "",
          strong: (chunks) => <strong className={strong}>{chunks}</strong>,
        })}
      </AlertDialog.Description>
      <form
        className="mt-5"
        onSubmit={(event) => {
          event.preventDefault();
          if (!confirmed || pending) return;
          restore.mutate(
            { serverId: backup.server.id, backupId: backup.id },
            { onSuccess: (result) => onRestoring(result, backup) },
          );
        }}
      >
        <label htmlFor={`${id}-confirm`} className={labelStyles}>
          {t("confirmLabel")}
        </label>
        <p id={`${id}-hint`} className={hintStyles}>
          {t.rich("confirmHint", {
            server: serverName,
            name: (chunks) => <span className="select-all font-mono text-zinc-900 dark:text-zinc-100">{chunks}</span>,
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
        <ActionError title={t("failed")} error={restore.error} />
        <div className={dialogStyles.footer}>
          <AlertDialog.Cancel className={buttonStyles.secondary} disabled={pending}>
            {t("cancel")}
          </AlertDialog.Cancel>
          <button type="submit" className={buttonStyles.danger} disabled={!confirmed || pending}>
            {pending ? <Spinner /> : null}
            {pending ? t("submitting") : t("submit")}
          </button>
        </div>
      </form>
    </AlertDialog.Content>
  );
}
