/** `/__control/*`: the simulator's own endpoints for tests (no auth, never logged). */
import { z } from "zod";

import { ApiError, answerApiErrors, methodNotAllowed, notFound } from "./api-error";
import { type FaultRegistry, faultSpecSchema } from "./faults";
import { type ParsedBody, requireJsonObject } from "./fields";
import { SERVER_STATUSES } from "./model";
import type { RequestLog } from "./request-log";
import { type HandlerResult, type Params, Router, intParam } from "./router";
import type { SimulatorConfig, SimulatorState } from "./state";

export interface ControlContext {
  state: SimulatorState;
  faults: FaultRegistry;
  log: RequestLog;
  body: ParsedBody;
}

const configPatchSchema = z.strictObject({
  backup_duration_ms: z.number().int().min(0).optional(),
  restore_duration_ms: z.number().int().min(0).optional(),
  page_size: z.number().int().min(1).max(1000).optional(),
  permissions: z.array(z.string()).optional(),
  fail_next_backups: z.number().int().min(0).optional(),
});

const newServerSchema = z.strictObject({
  name: z.string().min(1).max(255),
  status: z.enum(SERVER_STATUSES).default("active"),
  location: z.string().min(1).default("us-west"),
});

const newAutomaticBackupSchema = z.strictObject({
  server_id: z.number().int(),
  status: z.enum(["completed", "in_progress", "failed"]).default("completed"),
  description: z.string().max(255).optional(),
  created_at: z.iso.datetime().optional(),
  expires_at: z.iso.datetime().optional(),
});

const router = new Router<ControlContext>()
  .on("GET", "/requests", (ctx) => ok({ requests: ctx.log.list() }))
  .on("DELETE", "/requests", (ctx) => {
    ctx.log.clear();
    return { status: 204 };
  })
  .on("GET", "/faults", (ctx) => ok({ faults: ctx.faults.list() }))
  .on("POST", "/faults", (ctx) => ({ status: 201, body: ctx.faults.add(validate(faultSpecSchema, ctx.body)) }))
  .on("DELETE", "/faults", (ctx) => {
    ctx.faults.clear();
    return { status: 204 };
  })
  .on("DELETE", "/faults/{id}", deleteFault)
  .on("GET", "/config", (ctx) => ok(configJson(ctx.state.config)))
  .on("POST", "/config", updateConfig)
  .on("POST", "/reset", (ctx) => {
    ctx.state.reset();
    ctx.faults.clear();
    ctx.log.clear();
    return ok({ status: "ok", config: configJson(ctx.state.config) });
  })
  .on("POST", "/servers", (ctx) => ({ status: 201, body: ctx.state.addServer(validate(newServerSchema, ctx.body)) }))
  .on("POST", "/automatic-backups", addAutomaticBackup);

/** `controlPath` is the path after /__control; a trailing slash is optional. */
export async function handleControlRequest(
  ctx: ControlContext,
  method: string,
  controlPath: string,
): Promise<HandlerResult> {
  return answerApiErrors(async () => {
    const match = router.match(method, controlPath.length > 1 ? controlPath.replace(/\/$/, "") : controlPath);
    if (match.kind === "not_found") throw notFound();
    if (match.kind === "method_not_allowed") throw methodNotAllowed(method, match.allowed);
    return match.handler(ctx, match.params);
  });
}

function deleteFault(ctx: ControlContext, params: Params): HandlerResult {
  if (!ctx.faults.remove(intParam(params, "id"))) throw notFound();
  return { status: 204 };
}

function updateConfig(ctx: ControlContext): HandlerResult {
  const patch = validate(configPatchSchema, ctx.body);
  const changes: Partial<SimulatorConfig> = {};
  for (const [wire, key] of configFields) Object.assign(changes, { [key]: patch[wire] });
  return ok(configJson(ctx.state.updateConfig(changes)));
}

function addAutomaticBackup(ctx: ControlContext): HandlerResult {
  const input = validate(newAutomaticBackupSchema, ctx.body);
  const backup = ctx.state.addAutomaticBackup({
    serverId: input.server_id,
    status: input.status,
    description: input.description,
    createdAtMs: input.created_at === undefined ? undefined : Date.parse(input.created_at),
    expiresAtMs: input.expires_at === undefined ? undefined : Date.parse(input.expires_at),
  });
  return { status: 201, body: backup };
}

/** The config's fields as the control API names them (snake_case) and as the state does. */
const configFields = Object.entries({
  backup_duration_ms: "backupDurationMs",
  restore_duration_ms: "restoreDurationMs",
  page_size: "pageSize",
  permissions: "permissions",
  fail_next_backups: "failNextBackups",
} satisfies Record<keyof z.infer<typeof configPatchSchema>, keyof SimulatorConfig>) as [
  keyof z.infer<typeof configPatchSchema>,
  keyof SimulatorConfig,
][];

function configJson(config: Readonly<SimulatorConfig>): Record<string, unknown> {
  return Object.fromEntries(
    configFields.map(([wire, key]) => [wire, key === "permissions" ? [...config.permissions] : config[key]]),
  );
}

function ok(body: unknown): HandlerResult {
  return { status: 200, body };
}

/** Validates a JSON object body; errors come back DRF-style, keyed by field. */
function validate<T>(schema: z.ZodType<T>, body: ParsedBody): T {
  const result = schema.safeParse(requireJsonObject(body));
  if (result.success) return result.data;
  const errors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length > 0 ? issue.path.map(String).join(".") : "non_field_errors";
    (errors[field] ??= []).push(issue.message);
  }
  throw new ApiError(400, errors);
}
