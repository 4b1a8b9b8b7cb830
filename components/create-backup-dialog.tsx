"use client";

import { useTranslations } from "next-intl";
import { Dialog } from "radix-ui";
import { useId, useRef, useState, type FormEvent } from "react";
import { Spinner } from "@/components/spinner";
import { ActionError } from "@/components/error-alert";
import { SelectField } from "@/components/form-field";
import { Icon } from "@/components/icons";
import {
  buttonStyles,
  dialogStyles,
  fieldErrorStyles,
  fieldStyles,
  hintStyles,
  labelStyles,
} from "@/components/styles";
import { useCreateBackup } from "@/lib/backups/client/create-backup";
import {
  describeFormError,
  hasErrors,
  validateCreateBackupForm,
  type CreateBackupFormErrors,
} from "@/lib/backups/client/create-backup-form";
import type { CreatedBackup } from "@/lib/backups/schemas";
import { newIdempotencyKey } from "@/lib/http/client/fetch-json";
import { MANUAL_BACKUP_LIMIT, MAX_DESCRIPTION_LENGTH } from "@/lib/backups/limits";
import type { ServerBackupSummary, ServerEntry } from "@/lib/backups/server-summary";

interface CreateBackupDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  servers: readonly ServerEntry[];
  summaries: ReadonlyMap<number, ServerBackupSummary>;
  /** The server to start with, e.g. the card the dialog was opened from. */
  initialServerId: number | undefined;
  onCreated: (created: CreatedBackup) => void;
  /** Where focus goes when the dialog closes (it has no Trigger to return to). */
  onCloseAutoFocus: (event: Event) => void;
}

export function CreateBackupDialog({ open, onOpenChange, onCloseAutoFocus, ...formProps }: CreateBackupDialogProps) {
  const t = useTranslations("CreateBackup");
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={dialogStyles.overlay} />
        <Dialog.Content className={dialogStyles.content} onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className={dialogStyles.title}>{t("title")}</Dialog.Title>
          <Dialog.Description className={dialogStyles.description}>
            {t("description", { limit: MANUAL_BACKUP_LIMIT })}
          </Dialog.Description>
          {/* Mounted only while open: every opening starts from a fresh form. */}
          <CreateBackupForm {...formProps} onCancel={() => onOpenChange(false)} />
          <Dialog.Close
            aria-label={t("close")}
            className="absolute right-3 top-3 rounded-md p-1.5 text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800"
          >
            <Icon name="close" />
          </Dialog.Close>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type CreateBackupFormProps = Omit<CreateBackupDialogProps, "open" | "onOpenChange" | "onCloseAutoFocus"> & {
  onCancel: () => void;
};

function CreateBackupForm({ servers, summaries, initialServerId, onCreated, onCancel }: CreateBackupFormProps) {
  const t = useTranslations("CreateBackup");
  const id = useId();
  const createBackup = useCreateBackup();
  const submitting = useRef(false);
  // One key per opening of the dialog: resubmitting after a lost answer cannot make a second backup.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const startsFull = initialServerId !== undefined && (summaries.get(initialServerId)?.quotaFull ?? false);
  const [serverId, setServerId] = useState(initialServerId === undefined || startsFull ? "" : String(initialServerId));
  const [description, setDescription] = useState("");
  const [errors, setErrors] = useState<CreateBackupFormErrors>({});
  const [submitted, setSubmitted] = useState(false);

  const byId = new Map(
    servers.map((server) => [
      server.id,
      {
        name: server.name,
        summary: summaries.get(server.id) ?? { manualCount: 0, manualLimit: MANUAL_BACKUP_LIMIT, quotaFull: false },
      },
    ]),
  );
  const length = description.length;
  const tooLong = length > MAX_DESCRIPTION_LENGTH;

  function revalidate(next: { serverId: string; description: string }) {
    if (submitted) setErrors(validateCreateBackupForm(next, byId));
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting.current) return; // one click, one backup
    setSubmitted(true);
    const found = validateCreateBackupForm({ serverId, description }, byId);
    setErrors(found);
    if (hasErrors(found)) {
      document.getElementById(found.serverId ? `${id}-server` : `${id}-description`)?.focus();
      return;
    }
    submitting.current = true;
    createBackup.mutate(
      { input: { server_id: Number(serverId), ...(description.trim() === "" ? {} : { description }) }, idempotencyKey },
      {
        onSuccess: onCreated,
        onSettled: () => {
          submitting.current = false;
        },
      },
    );
  }

  const pending = createBackup.isPending;
  return (
    <form noValidate onSubmit={onSubmit} className="mt-5 space-y-4">
      <SelectField
        id={`${id}-server`}
        label={t("server")}
        value={serverId}
        required
        error={errors.serverId && describeFormError(t, errors.serverId)}
        onChange={(event) => {
          setServerId(event.target.value);
          revalidate({ serverId: event.target.value, description });
        }}
      >
        <option value="">{t("chooseServer")}</option>
        {servers.map((server) => {
          const summary = summaries.get(server.id);
          const full = summary?.quotaFull ?? false;
          const values = {
            server: server.name,
            count: summary?.manualCount ?? 0,
            limit: summary?.manualLimit ?? MANUAL_BACKUP_LIMIT,
          };
          return (
            <option key={server.id} value={server.id} disabled={full}>
              {t(full ? "serverOptionFull" : "serverOption", values)}
            </option>
          );
        })}
      </SelectField>
      <div>
        <label htmlFor={`${id}-description`} className={labelStyles}>
          {t.rich("descriptionLabel", {
            optional: (chunks) => <span className="font-normal text-zinc-600 dark:text-zinc-400">{chunks}</span>,
          })}
        </label>
        <textarea
          id={`${id}-description`}
          className={`${fieldStyles} mt-1 min-h-20 resize-y`}
          rows={3}
          value={description}
          placeholder={t("descriptionPlaceholder")}
          aria-invalid={errors.description || tooLong ? true : undefined}
          aria-describedby={`${id}-description-count${errors.description ? ` ${id}-description-error` : ""}`}
          onChange={(event) => {
            setDescription(event.target.value);
            revalidate({ serverId, description: event.target.value });
          }}
        />
        <p
          id={`${id}-description-count`}
          className={`${hintStyles} text-right tabular-nums ${tooLong ? "font-medium text-red-700 dark:text-red-300" : ""}`}
        >
          {t("characters", { length, limit: MAX_DESCRIPTION_LENGTH })}
        </p>
        {errors.description ? (
          <p id={`${id}-description-error`} className={fieldErrorStyles}>
            {describeFormError(t, errors.description)}
          </p>
        ) : null}
      </div>
      <ActionError title={t("failed")} error={createBackup.error} />
      <div className={dialogStyles.footer}>
        <button type="button" className={buttonStyles.secondary} onClick={onCancel}>
          {t("cancel")}
        </button>
        <button type="submit" className={buttonStyles.primary} disabled={pending}>
          {pending ? <Spinner /> : null}
          {pending ? t("submitting") : t("submit")}
        </button>
      </div>
    </form>
  );
}
