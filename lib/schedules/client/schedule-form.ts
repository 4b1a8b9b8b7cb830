import type { CreateScheduleInput, PreviewScheduleInput, UpdateScheduleInput } from "@/lib/schedules/inputs";
import { DEFAULT_DESCRIPTION_TEMPLATE, DEFAULT_KEEP_LAST } from "@/lib/schedules/limits";
import type { Schedule } from "@/lib/schedules/schemas";

// The schedule form's state and what it sends: the same fields for the preview, a create and a
// change. The route handlers check every field (their 400 names it); the form shows each message
// beside the field it names.

export interface ScheduleForm {
  name: string;
  cron: string;
  timezone: string;
  /** Every server of the account, including ones added later. */
  allServers: boolean;
  serverIds: readonly number[];
  descriptionTemplate: string;
  /** The number field's text: the server says what is wrong with it. */
  keepLast: string;
  enabled: boolean;
}

/** The fields a 400 can name, as the form shows them. */
export const scheduleFormFields = [
  "name",
  "cron",
  "timezone",
  "server_ids",
  "description_template",
  "keep_last",
  "enabled",
] as const;
export type ScheduleFormField = (typeof scheduleFormFields)[number];

export function emptyScheduleForm(defaultTimezone: string): ScheduleForm {
  return {
    name: "",
    cron: "",
    timezone: defaultTimezone,
    allServers: false,
    serverIds: [],
    descriptionTemplate: DEFAULT_DESCRIPTION_TEMPLATE,
    keepLast: String(DEFAULT_KEEP_LAST),
    enabled: true,
  };
}

export function scheduleFormOf(schedule: Schedule): ScheduleForm {
  return {
    name: schedule.name,
    cron: schedule.cron,
    timezone: schedule.timezone,
    allServers: schedule.all_servers,
    serverIds: schedule.server_ids,
    descriptionTemplate: schedule.description_template,
    keepLast: String(schedule.keep_last),
    enabled: schedule.enabled,
  };
}

/** A keep-last text as the API reads it: a number when it is one, else the text (refused by field). */
function keepLastValue(text: string): number {
  const trimmed = text.trim();
  return trimmed === "" ? Number.NaN : Number(trimmed);
}

export function createInputOf(form: ScheduleForm): CreateScheduleInput {
  return {
    name: form.name,
    cron: form.cron,
    timezone: form.timezone.trim(),
    ...(form.allServers ? { all_servers: true as const } : { server_ids: [...form.serverIds] }),
    description_template: form.descriptionTemplate,
    keep_last: keepLastValue(form.keepLast),
    enabled: form.enabled,
  };
}

/** A change sends every field, so what is saved is what the form showed. */
export function updateInputOf(form: ScheduleForm): UpdateScheduleInput {
  return createInputOf(form);
}

/**
 * What the preview is asked for, or null while there is nothing to preview: a schedule needs a name
 * and a cron first (their absence is not worth a message while someone is still typing).
 */
export function previewInputOf(form: ScheduleForm, id: number | undefined): PreviewScheduleInput | null {
  if (form.name.trim() === "" || form.cron.trim() === "") return null;
  return { ...createInputOf(form), ...(id === undefined ? {} : { id }) };
}

/**
 * The server's messages by the form's field (`server_ids.0` → `server_ids`, `all_servers` →
 * `server_ids`), and those that name no field of the form.
 */
export function fieldMessages(fields: Readonly<Record<string, readonly string[]>> | undefined): {
  byField: Partial<Record<ScheduleFormField, string>>;
  other: string[];
} {
  const byField: Partial<Record<ScheduleFormField, string>> = {};
  const other: string[] = [];
  for (const [key, messages] of Object.entries(fields ?? {})) {
    const head = key.split(".")[0] ?? key;
    const field = head === "all_servers" ? "server_ids" : head;
    const text = messages.join(" ");
    if ((scheduleFormFields as readonly string[]).includes(field)) {
      const known = field as ScheduleFormField;
      byField[known] = byField[known] ? `${byField[known]} ${text}` : text;
    } else other.push(text);
  }
  return { byField, other };
}
