import * as z from "zod";
import { MAX_SERVERS_PER_SCHEDULE, MAX_TEMPLATE_LENGTH, MAX_KEEP_LAST } from "@/lib/schedules/limits";
import { canonicalTimeZone, cronProblem, isTimeZone } from "@/lib/schedules/cron";
import { idNumberSchema, idParamSchema } from "@/lib/http/ids";

// What the schedule routes accept: the one definition of each request shape, parsed by the handlers
// with full zod (for its messages); the browser imports only the types. An invalid cron or time zone
// is a 400 that names the field.

/** Seconds in cron expressions are for tests and demos only (SCHEDULES_ALLOW_SECONDS). */
export function secondsAllowed(): boolean {
  return process.env.SCHEDULES_ALLOW_SECONDS === "true";
}

const name = z
  .string({ error: "name must be text" })
  .trim()
  .min(1, { error: "name is required" })
  .max(100, { error: "name must be at most 100 characters" });

const cron = z
  .string({ error: 'cron must be text, e.g. "0 3 * * *"' })
  .trim()
  .superRefine((value, ctx) => {
    const problem = cronProblem(value, { allowSeconds: secondsAllowed() });
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });

const timezone = z
  .string({ error: 'timezone must be text, e.g. "Asia/Ho_Chi_Minh"' })
  .refine(isTimeZone, { error: 'timezone must be an IANA time zone, e.g. "Asia/Ho_Chi_Minh" or "UTC"' })
  .transform(canonicalTimeZone);

const serverIds = z
  .array(idNumberSchema("each of server_ids"), { error: "server_ids must be a list of server ids" })
  .min(1, { error: "server_ids must name at least one server (or send all_servers: true)" })
  .max(MAX_SERVERS_PER_SCHEDULE, { error: `server_ids may name at most ${MAX_SERVERS_PER_SCHEDULE} servers` })
  .refine((ids) => new Set(ids).size === ids.length, { error: "server_ids must not repeat a server" });

const descriptionTemplate = z
  .string({ error: "description_template must be text" })
  .max(MAX_TEMPLATE_LENGTH, { error: `description_template must be at most ${MAX_TEMPLATE_LENGTH} characters` });

const keepLast = z
  .number({ error: "keep_last must be a number from 1 to 10" })
  .int({ error: "keep_last must be a whole number from 1 to 10" })
  .min(1, { error: "keep_last must be at least 1" })
  .max(MAX_KEEP_LAST, {
    error: `keep_last must be at most ${MAX_KEEP_LAST} (VPS.org keeps 10 manual backups per server)`,
  });

const enabled = z.boolean({ error: "enabled must be true or false" });
const allServers = z.literal(true, { error: "all_servers must be true (or left out, with server_ids)" });

const scheduleFields = {
  name,
  cron,
  timezone: timezone.optional(),
  server_ids: serverIds.optional(),
  all_servers: allServers.optional(),
  description_template: descriptionTemplate.optional(),
  keep_last: keepLast.optional(),
  enabled: enabled.optional(),
};

const oneTarget = (value: { server_ids?: number[]; all_servers?: true }) =>
  (value.server_ids !== undefined) !== (value.all_servers !== undefined);
const oneTargetError = { error: "send either server_ids (a list) or all_servers: true", path: ["server_ids"] };

/** POST /api/schedules */
export const createScheduleInputSchema = z.strictObject(scheduleFields).refine(oneTarget, oneTargetError);
export type CreateScheduleInput = z.infer<typeof createScheduleInputSchema>;

/** PATCH /api/schedules/{id}: any of the fields; server_ids or all_servers replaces the other. */
export const updateScheduleInputSchema = z
  .strictObject({ ...scheduleFields, name: name.optional(), cron: cron.optional() })
  .refine((value) => !(value.server_ids !== undefined && value.all_servers !== undefined), {
    error: "send server_ids or all_servers: true, not both",
    path: ["server_ids"],
  })
  .refine((value) => Object.keys(value).length > 0, { error: "send at least one field to change" });
export type UpdateScheduleInput = z.infer<typeof updateScheduleInputSchema>;

/**
 * POST /api/schedules/preview: a schedule as the form holds it (saved or not), with `id` when it is a
 * saved one being edited, so its own backups are found.
 */
export const previewScheduleInputSchema = z
  .strictObject({ ...scheduleFields, id: idNumberSchema("id").optional() })
  .refine(oneTarget, oneTargetError);
export type PreviewScheduleInput = z.infer<typeof previewScheduleInputSchema>;

export const schedulePathSchema = z.strictObject({ scheduleId: idParamSchema("scheduleId") });
