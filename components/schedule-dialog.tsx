"use client";

import { useTranslations } from "next-intl";
import { Dialog } from "radix-ui";
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from "react";
import { ActionError } from "@/components/error-alert";
import { TextField } from "@/components/form-field";
import { Icon } from "@/components/icons";
import { NextRunTimes, RetentionPreview } from "@/components/schedule-preview";
import { Spinner } from "@/components/spinner";
import { buttonStyles, dialogStyles, fieldErrorStyles, hintStyles, labelStyles } from "@/components/styles";
import { ApiRequestError, newIdempotencyKey } from "@/lib/http/client/fetch-json";
import { MESSAGE_LOCALE } from "@/lib/http/client/error-text";
import { useCreateSchedule, useUpdateSchedule } from "@/lib/schedules/client/change-schedules";
import { useSchedulePreview } from "@/lib/schedules/client/preview-schedule";
import {
  createInputOf,
  emptyScheduleForm,
  fieldMessages,
  previewInputOf,
  scheduleFormOf,
  updateInputOf,
  type ScheduleForm,
  type ScheduleFormField,
} from "@/lib/schedules/client/schedule-form";
import type { PreviewScheduleInput } from "@/lib/schedules/inputs";
import { DEFAULT_KEEP_LAST, MAX_KEEP_LAST, MAX_TEMPLATE_LENGTH, TEMPLATE_PLACEHOLDERS } from "@/lib/schedules/limits";
import type { Schedule } from "@/lib/schedules/schemas";

/** How long the form waits after the last change before it asks for a new preview. */
const PREVIEW_DEBOUNCE_MS = 400;

export interface ScheduleDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The schedule to change; null: a new one. */
  schedule: Schedule | null;
  defaultTimezone: string;
  secondsAllowed: boolean;
  servers: readonly { id: number; name: string }[];
  onSaved: (schedule: Schedule, created: boolean) => void;
}

/** The create and edit form, in a dialog, with the preview of what the schedule would do before it is saved. */
export function ScheduleDialog({ open, onOpenChange, ...formProps }: ScheduleDialogProps) {
  const t = useTranslations("Schedules");
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className={dialogStyles.overlay} />
        <Dialog.Content className={dialogStyles.content.replace("max-w-lg", "max-w-3xl")}>
          <Dialog.Title className={dialogStyles.title}>
            {formProps.schedule ? t("editTitle", { name: formProps.schedule.name }) : t("createTitle")}
          </Dialog.Title>
          <Dialog.Description className={dialogStyles.description}>{t("formIntro")}</Dialog.Description>
          {/* Mounted only while open: every opening starts from the saved schedule, or an empty form. */}
          <ScheduleFormBody {...formProps} onCancel={() => onOpenChange(false)} />
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

/** The server's message (in English, the dashboard's own language) beside a field. */
const serverWords = (text: string | undefined): ReactNode =>
  text ? <span lang={MESSAGE_LOCALE}>{text}</span> : undefined;

/** `value`, once it has stayed the same for `ms` (compared by its JSON). */
function useDebounced<T>(value: T, ms: number): T {
  const json = JSON.stringify(value);
  const [settled, setSettled] = useState(json);
  useEffect(() => {
    const handle = window.setTimeout(() => setSettled(json), ms);
    return () => window.clearTimeout(handle);
  }, [json, ms]);
  return JSON.parse(settled) as T;
}

type ScheduleFormBodyProps = Omit<ScheduleDialogProps, "open" | "onOpenChange"> & { onCancel: () => void };

function ScheduleFormBody({
  schedule,
  defaultTimezone,
  secondsAllowed,
  servers,
  onSaved,
  onCancel,
}: ScheduleFormBodyProps) {
  const t = useTranslations("Schedules");
  const id = useId();
  const create = useCreateSchedule();
  const update = useUpdateSchedule();
  const submitting = useRef(false);
  // One key per opening of the dialog: resubmitting after a lost answer cannot make a second schedule.
  const [idempotencyKey] = useState(newIdempotencyKey);
  const [form, setForm] = useState<ScheduleForm>(() =>
    schedule ? scheduleFormOf(schedule) : emptyScheduleForm(defaultTimezone),
  );
  const save = schedule ? update : create;
  const previewInput = useDebounced<PreviewScheduleInput | null>(
    previewInputOf(form, schedule?.id),
    PREVIEW_DEBOUNCE_MS,
  );
  const preview = useSchedulePreview(previewInput);

  const change = (next: Partial<ScheduleForm>) => {
    // A save refused for a field is about the value that was sent: it goes once the form changes.
    save.reset();
    setForm((current) => ({ ...current, ...next }));
  };
  const text =
    (key: "name" | "cron" | "timezone" | "descriptionTemplate" | "keepLast") =>
    (event: { target: { value: string } }) =>
      change({ [key]: event.target.value });

  const saveError = save.error instanceof ApiRequestError ? save.error : null;
  const previewError = preview.error instanceof ApiRequestError ? preview.error : null;
  const saved = fieldMessages(saveError?.fields);
  const previewed = fieldMessages(previewError?.code === "invalid_input" ? previewError.fields : undefined);
  const fieldError = (field: ScheduleFormField) => serverWords(saved.byField[field] ?? previewed.byField[field]);
  const fieldIds: Record<ScheduleFormField, string> = {
    name: `${id}-name`,
    cron: `${id}-cron`,
    timezone: `${id}-timezone`,
    server_ids: `${id}-all-servers`,
    description_template: `${id}-template`,
    keep_last: `${id}-keep-last`,
    enabled: `${id}-enabled`,
  };

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (submitting.current) return; // one click, one schedule
    submitting.current = true;
    const done = {
      onSuccess: (answer: Schedule) => onSaved(answer, schedule === null),
      onError: (error: Error) => {
        // Focus the first field the server named, so its message is read out.
        const fields = fieldMessages(error instanceof ApiRequestError ? error.fields : undefined).byField;
        const first = (Object.keys(fieldIds) as ScheduleFormField[]).find((field) => fields[field]);
        if (first) document.getElementById(fieldIds[first])?.focus();
      },
      onSettled: () => {
        submitting.current = false;
      },
    };
    if (schedule) update.mutate({ id: schedule.id, change: updateInputOf(form) }, done);
    else create.mutate({ input: createInputOf(form), idempotencyKey }, done);
  }

  const pending = save.isPending;
  const timeZones = supportedTimeZones();
  const keepLastNumber = Number(form.keepLast);
  const serverError = fieldError("server_ids");
  const serverErrorId = `${id}-servers-error`;
  return (
    <form noValidate onSubmit={onSubmit} className="mt-5 grid gap-6 md:grid-cols-2">
      <div className="space-y-4">
        <TextField
          id={fieldIds.name}
          label={t("name")}
          required
          maxLength={100}
          value={form.name}
          onChange={text("name")}
          error={fieldError("name")}
        />
        <TextField
          id={fieldIds.cron}
          label={t("cron")}
          required
          autoComplete="off"
          spellCheck={false}
          value={form.cron}
          onChange={text("cron")}
          hint={secondsAllowed ? t("cronHintSeconds") : t("cronHint")}
          error={fieldError("cron")}
        />
        <TextField
          id={fieldIds.timezone}
          label={t("timezone")}
          required
          autoComplete="off"
          spellCheck={false}
          list={`${id}-zones`}
          value={form.timezone}
          onChange={text("timezone")}
          hint={t("timezoneHint", { zone: defaultTimezone })}
          error={fieldError("timezone")}
        />
        <datalist id={`${id}-zones`}>
          {timeZones.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <fieldset aria-describedby={serverError ? serverErrorId : undefined}>
          <legend className={labelStyles}>{t("servers")}</legend>
          <label className="mt-2 flex items-center gap-2 text-sm">
            <input
              id={fieldIds.server_ids}
              type="checkbox"
              checked={form.allServers}
              onChange={(event) => change({ allServers: event.target.checked })}
            />
            {t("allServersOption")}
          </label>
          <ul className="mt-2 max-h-40 space-y-1 overflow-y-auto rounded-md border border-zinc-200 p-2 dark:border-zinc-800">
            {servers.map((server) => (
              <li key={server.id}>
                <label className="flex items-center gap-2 text-sm">
                  <input
                    type="checkbox"
                    disabled={form.allServers}
                    checked={form.allServers || form.serverIds.includes(server.id)}
                    onChange={(event) =>
                      change({
                        serverIds: event.target.checked
                          ? [...form.serverIds, server.id]
                          : form.serverIds.filter((other) => other !== server.id),
                      })
                    }
                  />
                  {server.name}
                </label>
              </li>
            ))}
          </ul>
          {serverError ? (
            <p id={serverErrorId} className={fieldErrorStyles}>
              {serverError}
            </p>
          ) : null}
        </fieldset>
        <TextField
          id={fieldIds.description_template}
          label={t("template")}
          maxLength={MAX_TEMPLATE_LENGTH}
          value={form.descriptionTemplate}
          onChange={text("descriptionTemplate")}
          hint={
            preview.data?.description_example
              ? t("templateHintExample", {
                  placeholders: TEMPLATE_PLACEHOLDERS.join(" "),
                  example: preview.data.description_example,
                })
              : t("templateHint", { placeholders: TEMPLATE_PLACEHOLDERS.join(" ") })
          }
          error={fieldError("description_template")}
        />
        <TextField
          id={fieldIds.keep_last}
          label={t("keepLast")}
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_KEEP_LAST}
          step={1}
          required
          value={form.keepLast}
          onChange={text("keepLast")}
          hint={t("keepLastHint", { max: MAX_KEEP_LAST })}
          error={fieldError("keep_last")}
        />
        <div>
          <label className="flex items-center gap-2 text-sm font-medium">
            <input
              id={fieldIds.enabled}
              type="checkbox"
              checked={form.enabled}
              onChange={(event) => change({ enabled: event.target.checked })}
            />
            {t("enabledOption")}
          </label>
          {fieldError("enabled") ? <p className={fieldErrorStyles}>{fieldError("enabled")}</p> : null}
        </div>
      </div>

      <section
        aria-labelledby={`${id}-preview-heading`}
        aria-busy={preview.isFetching}
        className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50 p-4 text-zinc-900 dark:border-zinc-800 dark:bg-zinc-950 dark:text-zinc-100"
      >
        <h3 id={`${id}-preview-heading`} className="font-semibold">
          {t("previewHeading")}
          {preview.isFetching ? <Spinner /> : null}
        </h3>
        {previewInput === null ? (
          <p className={hintStyles}>{t("previewWaits")}</p>
        ) : previewError?.code === "invalid_input" ? (
          <p className="text-sm">{t("previewInvalid")}</p>
        ) : preview.isError ? (
          <ActionError title={t("previewFailed")} error={preview.error} />
        ) : preview.data ? (
          <>
            <NextRunTimes runs={preview.data.next_runs} timezone={form.timezone.trim()} cron={form.cron} />
            <RetentionPreview
              preview={preview.data}
              keepLast={Number.isInteger(keepLastNumber) && keepLastNumber > 0 ? keepLastNumber : DEFAULT_KEEP_LAST}
            />
          </>
        ) : (
          <p role="status" className="text-sm">
            {t("previewLoading")}
          </p>
        )}
      </section>

      <div className="md:col-span-2">
        <ActionError
          title={schedule ? t("saveFailed") : t("createFailed")}
          error={save.error && (saved.other.length > 0 || !saveError?.fields) ? save.error : null}
        />
        <div className={dialogStyles.footer}>
          <button type="button" className={buttonStyles.secondary} onClick={onCancel}>
            {t("cancel")}
          </button>
          <button type="submit" className={buttonStyles.primary} disabled={pending}>
            {pending ? <Spinner /> : null}
            {pending ? t("saving") : schedule ? t("saveChanges") : t("createSubmit")}
          </button>
        </div>
      </div>
    </form>
  );
}

/** The IANA zones this browser knows, for the time zone field's suggestions. */
function supportedTimeZones(): readonly string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  try {
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}
