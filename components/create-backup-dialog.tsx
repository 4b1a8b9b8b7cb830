"use client";

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
  hasErrors,
  validateCreateBackupForm,
  type CreateBackupFormErrors,
} from "@/lib/backups/client/create-backup-form";
import type { CreatedBackup } from "@/lib/backups/schemas";
import { newIdempotencyKey } from "@/lib/http/client/fetch-json";
import { MAX_DESCRIPTION_LENGTH } from "@/lib/backups/limits";
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
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={dialogStyles.overlay} />
        <Dialog.Content className={dialogStyles.content} onCloseAutoFocus={onCloseAutoFocus}>
          <Dialog.Title className={dialogStyles.title}>Create a manual backup</Dialog.Title>
          <Dialog.Description className={dialogStyles.description}>
            VPS.org copies the server&apos;s disk while it keeps running; this takes a few minutes. Manual backups never
            expire, and each server can keep at most 10.
          </Dialog.Description>
          {/* Mounted only while open: every opening starts from a fresh form. */}
          <CreateBackupForm {...formProps} onCancel={() => onOpenChange(false)} />
          <Dialog.Close
            aria-label="Close"
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
      { name: server.name, summary: summaries.get(server.id) ?? { manualCount: 0, manualLimit: 10, quotaFull: false } },
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
        label="Server"
        value={serverId}
        required
        error={errors.serverId}
        onChange={(event) => {
          setServerId(event.target.value);
          revalidate({ serverId: event.target.value, description });
        }}
      >
        <option value="">Choose a server…</option>
        {servers.map((server) => {
          const summary = summaries.get(server.id);
          const full = summary?.quotaFull ?? false;
          return (
            <option key={server.id} value={server.id} disabled={full}>
              {server.name} — {summary?.manualCount ?? 0}/{summary?.manualLimit ?? 10} manual
              {full ? " (limit reached)" : ""}
            </option>
          );
        })}
      </SelectField>
      <div>
        <label htmlFor={`${id}-description`} className={labelStyles}>
          Description <span className="font-normal text-zinc-600 dark:text-zinc-400">(optional)</span>
        </label>
        <textarea
          id={`${id}-description`}
          className={`${fieldStyles} mt-1 min-h-20 resize-y`}
          rows={3}
          value={description}
          placeholder="e.g. Before the nginx upgrade"
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
          {length}/{MAX_DESCRIPTION_LENGTH} characters
        </p>
        {errors.description ? (
          <p id={`${id}-description-error`} className={fieldErrorStyles}>
            {errors.description}
          </p>
        ) : null}
      </div>
      <ActionError title="The backup was not created." error={createBackup.error} />
      <div className={dialogStyles.footer}>
        <button type="button" className={buttonStyles.secondary} onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className={buttonStyles.primary} disabled={pending}>
          {pending ? <Spinner /> : null}
          {pending ? "Creating…" : "Create backup"}
        </button>
      </div>
    </form>
  );
}
