/** The /api/v1 endpoints: routing, auth, then the handlers that validate input and call the rules. */
import { AUTH_DETAILS } from "./auth";
import { FieldErrors, answerApiErrors, detailError, methodNotAllowed, notFound, validated } from "./api-error";
import {
  type ParsedBody,
  MESSAGES,
  parseIntegerText,
  readOptionalString,
  readRequiredInteger,
  requireJsonObject,
} from "./fields";
import { queryParam } from "./http-utils";
import { BACKUP_TYPES, type BackupType, DESCRIPTION_MAX_LENGTH } from "./model";
import { paginate } from "./pagination";
import type { AuthorizationState } from "./request-log";
import { type HandlerResult, type Params, Router, intParam } from "./router";
import { type BackupFilter, type ServerFilter, type SimulatorState, BACKUP_CREATED_MESSAGE } from "./state";

export interface ApiContext {
  state: SimulatorState;
  method: string;
  /** The absolute request URL, built from the request's Host header. */
  url: URL;
  body: ParsedBody;
}

const router = new Router<ApiContext>()
  .on("GET", "/backups/", listBackups)
  .on("POST", "/backups/", createBackup)
  .on("DELETE", "/backups/{id}/", deleteBackup)
  .on("GET", "/servers/", listServers)
  .on("POST", "/servers/{id}/restore/", restoreServer)
  .on("GET", "/account/me/", accountMe);

/** `apiPath` is the path after /api/v1. Order as in Django + DRF: URL match, authentication, method. */
export async function handleApiRequest(
  ctx: ApiContext,
  apiPath: string,
  authorization: AuthorizationState,
): Promise<HandlerResult> {
  return answerApiErrors(async () => {
    const match = router.match(ctx.method, apiPath);
    if (match.kind === "not_found") throw notFound();
    if (authorization !== "valid") {
      throw detailError(401, AUTH_DETAILS[authorization], { "WWW-Authenticate": 'Bearer realm="api"' });
    }
    ctx.state.recordTokenUse();
    if (match.kind === "method_not_allowed") throw methodNotAllowed(ctx.method, match.allowed);
    return match.handler(ctx, match.params);
  });
}

function listBackups(ctx: ApiContext): HandlerResult {
  const errors = new FieldErrors();
  const filter: BackupFilter = {};
  const serverId = queryParam(ctx.url, "server_id");
  if (serverId !== undefined) {
    const value = parseIntegerText(serverId);
    if (value === null) errors.add("server_id", MESSAGES.invalidInteger);
    else filter.serverId = value;
  }
  const backupType = queryParam(ctx.url, "backup_type");
  if (backupType !== undefined) {
    if (isBackupType(backupType)) filter.backupType = backupType;
    else errors.add("backup_type", MESSAGES.invalidChoice(backupType));
  }
  errors.throwIfAny();
  const { state } = ctx;
  return {
    status: 200,
    body: paginate(state.listBackups(filter), ctx.url, state.config.pageSize, (b) => state.backupJson(b)),
  };
}

function createBackup(ctx: ApiContext): HandlerResult {
  const body = requireJsonObject(ctx.body);
  const errors = new FieldErrors();
  const serverId = readRequiredInteger(body, "server_id", errors);
  const description = readOptionalString(body, "description", DESCRIPTION_MAX_LENGTH, errors);
  errors.throwIfAny();
  const backup = ctx.state.createManualBackup(validated(serverId), description);
  return { status: 201, body: { ...backup, message: BACKUP_CREATED_MESSAGE } };
}

function deleteBackup(ctx: ApiContext, params: Params): HandlerResult {
  ctx.state.deleteBackup(intParam(params, "id"));
  return { status: 204 };
}

function listServers(ctx: ApiContext): HandlerResult {
  if (!ctx.state.hasPermission("servers:read"))
    throw detailError(403, "You do not have permission to perform this action.");
  const filter: ServerFilter = { status: queryParam(ctx.url, "status"), location: queryParam(ctx.url, "location") };
  return {
    status: 200,
    body: paginate(ctx.state.listServers(filter), ctx.url, ctx.state.config.pageSize, (server) => server),
  };
}

function restoreServer(ctx: ApiContext, params: Params): HandlerResult {
  const serverId = intParam(params, "id");
  ctx.state.requireServer(serverId);
  const body = requireJsonObject(ctx.body);
  const errors = new FieldErrors();
  const backupId = readRequiredInteger(body, "backup_id", errors);
  errors.throwIfAny();
  return { status: 200, body: ctx.state.restoreServer(serverId, validated(backupId)) };
}

function accountMe(ctx: ApiContext): HandlerResult {
  return { status: 200, body: ctx.state.accountMe() };
}

function isBackupType(value: string): value is BackupType {
  return (BACKUP_TYPES as readonly string[]).includes(value);
}
