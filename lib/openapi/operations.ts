import "server-only";
import * as z from "zod";
import { apiKeyPathSchema, createApiKeyInputSchema } from "@/lib/api-keys/inputs";
import { apiKeyListSchema, apiKeySchema, createdApiKeySchema } from "@/lib/api-keys/schemas";
import { auditFiltersSchema, auditListQuerySchema } from "@/lib/audit/inputs";
import { auditPageSchema } from "@/lib/audit/schemas";
import {
  allServersPolicyInputSchema,
  serverPolicyInputSchema,
  serverPolicyPathSchema,
} from "@/lib/backup-health/inputs";
import { freshnessPoliciesSchema } from "@/lib/backup-health/schemas";
import {
  backupFiltersSchema,
  backupPathSchema,
  bulkDeleteInputSchema,
  createBackupInputSchema,
  protectionInputSchema,
} from "@/lib/backups/inputs";
import {
  backupListSchema,
  bulkDeleteResultSchema,
  createBackupResultSchema,
  listedBackupSchema,
  protectionStateSchema,
} from "@/lib/backups/schemas";
import { eventsQuerySchema } from "@/lib/events/inputs";
import { eventPageSchema } from "@/lib/events/schemas";
import { healthSchema, liveSchema } from "@/lib/health/schemas";
import type { ApiErrorCode } from "@/lib/http/api-error";
import { localeInputSchema } from "@/lib/i18n/inputs";
import { localeAnswerSchema } from "@/lib/i18n/schemas";
import {
  addChannelInputSchema,
  channelPathSchema,
  deliveriesPathSchema,
  deliveryPathSchema,
  updateChannelInputSchema,
} from "@/lib/notifications/inputs";
import {
  channelListSchema,
  channelSummarySchema,
  createdChannelSchema,
  deliveryListSchema,
  testAnswerSchema,
} from "@/lib/notifications/schemas";
import {
  createScheduleInputSchema,
  previewScheduleInputSchema,
  schedulePathSchema,
  updateScheduleInputSchema,
} from "@/lib/schedules/inputs";
import {
  scheduleListSchema,
  schedulePreviewSchema,
  scheduleRunListSchema,
  scheduleSchema,
} from "@/lib/schedules/schemas";
import { serverHistoryQuerySchema, serverPathSchema } from "@/lib/servers/history-inputs";
import { serverHistorySchema } from "@/lib/servers/history-schemas";
import { restoreInputSchema, restorePathSchema } from "@/lib/servers/inputs";
import { restoreResultSchema, serverListSchema } from "@/lib/servers/schemas";
import { addUserInputSchema, setupRequestSchema, updateUserInputSchema, userPathSchema } from "@/lib/users/inputs";
import { userListSchema, userSummarySchema } from "@/lib/users/schemas";

// Every /api operation, described with the very zod schemas its route handler parses its input with
// and answers through (app/api/**/route.ts imports the same ones): lib/openapi/document.ts turns this
// into the OpenAPI 3.1 document of GET /api/openapi.json. tests/integration/openapi.test.ts fails when
// a route file exports a method that is not here, or this names one that does not exist;
// lib/openapi/operations.test.ts when an operation's schemas, access or roles are not its route's own
// (the spec `defineRoute` keeps, `routeSpecOf`).

type Schema = z.core.$ZodType;

export type Access =
  /** Anyone, no credentials. */
  | "public"
  /** A session cookie or an API key; `permission` says which role. */
  | "signed-in"
  /** A session cookie only: an API key is refused (403). */
  | "session-only"
  /** `Authorization: Bearer $METRICS_TOKEN`. */
  | "metrics-token"
  /** Better Auth's own endpoints (sign-in, sign-out, SSO): their bodies are Better Auth's. */
  | "auth";

export interface Answer {
  description: string;
  schema?: Schema;
  /** `application/json` unless told. */
  contentType?: string;
}

export interface Operation {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** OpenAPI's form: `/api/backups/{backupId}`. */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  access: Access;
  /** Who may, in words (the role matrix of lib/auth/roles.ts). */
  roles?: string;
  params?: Schema;
  query?: Schema;
  body?: Schema;
  /** Takes an `Idempotency-Key` header: one submission, one result. */
  idempotent?: boolean;
  /** Answers an ETag and 304 for If-None-Match. */
  revalidatable?: boolean;
  /** Success answers by status. */
  answers: Record<number, Answer>;
  /** Errors of this operation besides the ones every operation of its kind may answer. */
  errors?: ApiErrorCode[];
}

const everyone = "every role";
const operators = "operators and admins";
const admins = "admins";
const noContent: Answer = { description: "Done; no body." };

/** Better Auth's endpoints: what the dashboard's pages send them. */
const signInEmailBody = z.object({ email: z.email(), password: z.string(), rememberMe: z.boolean().optional() });
const signInSocialBody = z.object({ provider: z.literal("oidc"), callbackURL: z.string().optional() });

export const operations: Operation[] = [
  // Backups --------------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/backups",
    tag: "Backups",
    summary: "List every backup, newest first",
    description:
      "From the account watcher's picture (`snapshot_at`, `error`), with who created, restored or protected each one through the dashboard.",
    access: "signed-in",
    roles: everyone,
    query: backupFiltersSchema,
    revalidatable: true,
    answers: { 200: { description: "The backups.", schema: backupListSchema } },
    errors: ["provider_unavailable", "provider_timeout", "provider_token_rejected"],
  },
  {
    method: "post",
    path: "/api/backups",
    tag: "Backups",
    summary: "Start a manual backup of a server",
    description:
      "Audited before and after VPS.org is asked. Send an `Idempotency-Key`: a retry with the same key (on any instance) answers the same backup and never makes a second one.",
    access: "signed-in",
    roles: operators,
    body: createBackupInputSchema,
    idempotent: true,
    answers: { 201: { description: "The backup, started.", schema: createBackupResultSchema } },
    errors: [
      "provider_refused",
      "idempotency_key_in_use",
      "idempotency_outcome_unknown",
      "idempotency_key_reused",
      "audit_write_failed",
      "provider_unavailable",
      "provider_timeout",
      "provider_token_rejected",
    ],
  },
  {
    method: "get",
    path: "/api/backups/{backupId}",
    tag: "Backups",
    summary: "One backup, as the list has it",
    description: "From the watcher's picture: poll it to wait until `status` is `completed` (or `failed`).",
    access: "signed-in",
    roles: everyone,
    params: backupPathSchema,
    answers: { 200: { description: "The backup.", schema: listedBackupSchema } },
    errors: ["not_found", "provider_unavailable", "provider_timeout"],
  },
  {
    method: "delete",
    path: "/api/backups/{backupId}",
    tag: "Backups",
    summary: "Delete a backup, permanently",
    description: "Audited before and after VPS.org is asked. A protected backup is refused without asking VPS.org.",
    access: "signed-in",
    roles: admins,
    params: backupPathSchema,
    answers: { 204: noContent },
    errors: [
      "not_found",
      "backup_protected",
      "provider_refused",
      "audit_write_failed",
      "provider_unavailable",
      "provider_timeout",
    ],
  },
  {
    method: "post",
    path: "/api/backups/bulk-delete",
    tag: "Backups",
    summary: "Delete up to 100 backups, one after another",
    description:
      "Each is deleted as DELETE /api/backups/{backupId} deletes one, with its own audit entries; the answer has each backup's outcome (`deleted`, `refused` when protected, `failed` with the error's code and message). Once an answer says the next would fare no better (429, a rejected token, the audit log failing) the rest are not sent. Once per `Idempotency-Key`.",
    access: "signed-in",
    roles: admins,
    body: bulkDeleteInputSchema,
    idempotent: true,
    answers: { 200: { description: "Each backup's outcome, in the order asked.", schema: bulkDeleteResultSchema } },
    errors: ["idempotency_key_in_use", "idempotency_key_reused", "idempotency_outcome_unknown", "audit_write_failed"],
  },
  {
    method: "put",
    path: "/api/backups/{backupId}/protection",
    tag: "Backups",
    summary: "Protect or unprotect a backup",
    description:
      "The dashboard then refuses to delete it (a person, a bulk delete, retention) until unprotected. VPS.org does not know of it. Audited.",
    access: "signed-in",
    roles: admins,
    params: backupPathSchema,
    body: protectionInputSchema,
    answers: { 200: { description: "The backup's protection now.", schema: protectionStateSchema } },
    errors: ["not_found", "provider_unavailable", "provider_timeout"],
  },
  // Servers --------------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/servers",
    tag: "Servers",
    summary: "List the account's servers, with backup health",
    access: "signed-in",
    roles: everyone,
    revalidatable: true,
    answers: { 200: { description: "The servers.", schema: serverListSchema } },
    errors: ["provider_unavailable", "provider_timeout", "provider_token_rejected"],
  },
  {
    method: "post",
    path: "/api/servers/{serverId}/restore",
    tag: "Servers",
    summary: "Overwrite a server's disk with one of its backups",
    description: "Audited before and after VPS.org is asked.",
    access: "signed-in",
    roles: admins,
    params: restorePathSchema,
    body: restoreInputSchema,
    answers: { 200: { description: "The restore, started.", schema: restoreResultSchema } },
    errors: ["not_found", "provider_refused", "audit_write_failed", "provider_unavailable", "provider_timeout"],
  },
  {
    method: "get",
    path: "/api/servers/{serverId}/history",
    tag: "Servers",
    summary: "One server's backups over time, its restores and its events",
    access: "signed-in",
    roles: everyone,
    params: serverPathSchema,
    query: serverHistoryQuerySchema,
    revalidatable: true,
    answers: { 200: { description: "The history.", schema: serverHistorySchema } },
    errors: ["not_found"],
  },
  {
    method: "put",
    path: "/api/servers/{serverId}/freshness-policy",
    tag: "Backup health",
    summary: "Set a server's own freshness threshold, or turn its checks off",
    access: "signed-in",
    roles: admins,
    params: serverPolicyPathSchema,
    body: serverPolicyInputSchema,
    answers: { 200: { description: "Every policy now.", schema: freshnessPoliciesSchema } },
    errors: ["not_found"],
  },
  {
    method: "delete",
    path: "/api/servers/{serverId}/freshness-policy",
    tag: "Backup health",
    summary: "Make a server follow the policy for all servers again",
    access: "signed-in",
    roles: admins,
    params: serverPolicyPathSchema,
    answers: { 200: { description: "Every policy now.", schema: freshnessPoliciesSchema } },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/freshness-policy",
    tag: "Backup health",
    summary: "The backup-health thresholds",
    access: "signed-in",
    roles: everyone,
    answers: {
      200: { description: "The policy for all servers and each server's own.", schema: freshnessPoliciesSchema },
    },
  },
  {
    method: "put",
    path: "/api/freshness-policy",
    tag: "Backup health",
    summary: "Set the threshold for all servers",
    access: "signed-in",
    roles: admins,
    body: allServersPolicyInputSchema,
    answers: { 200: { description: "Every policy now.", schema: freshnessPoliciesSchema } },
  },
  {
    method: "get",
    path: "/api/events",
    tag: "Servers",
    summary: "What the watcher saw change, newest first",
    access: "signed-in",
    roles: everyone,
    query: eventsQuerySchema,
    revalidatable: true,
    answers: { 200: { description: "A page of events.", schema: eventPageSchema } },
  },
  // Schedules ------------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/schedules",
    tag: "Schedules",
    summary: "The team's backup schedules",
    access: "signed-in",
    roles: everyone,
    answers: { 200: { description: "The schedules.", schema: scheduleListSchema } },
  },
  {
    method: "post",
    path: "/api/schedules",
    tag: "Schedules",
    summary: "Create a schedule",
    description: "Audited. Once per `Idempotency-Key`.",
    access: "signed-in",
    roles: operators,
    body: createScheduleInputSchema,
    idempotent: true,
    answers: { 201: { description: "The schedule.", schema: scheduleSchema } },
    errors: ["idempotency_key_in_use", "idempotency_key_reused", "idempotency_outcome_unknown"],
  },
  {
    method: "post",
    path: "/api/schedules/preview",
    tag: "Schedules",
    summary: "Preview a schedule: its next due times and what retention would keep",
    description: "Changes nothing.",
    access: "signed-in",
    roles: everyone,
    body: previewScheduleInputSchema,
    answers: { 200: { description: "The preview.", schema: schedulePreviewSchema } },
  },
  {
    method: "get",
    path: "/api/schedules/{scheduleId}",
    tag: "Schedules",
    summary: "One schedule",
    access: "signed-in",
    roles: everyone,
    params: schedulePathSchema,
    answers: { 200: { description: "The schedule.", schema: scheduleSchema } },
    errors: ["not_found"],
  },
  {
    method: "patch",
    path: "/api/schedules/{scheduleId}",
    tag: "Schedules",
    summary: "Change, pause or resume a schedule",
    description: "Audited.",
    access: "signed-in",
    roles: operators,
    params: schedulePathSchema,
    body: updateScheduleInputSchema,
    answers: { 200: { description: "The schedule.", schema: scheduleSchema } },
    errors: ["not_found"],
  },
  {
    method: "delete",
    path: "/api/schedules/{scheduleId}",
    tag: "Schedules",
    summary: "Delete a schedule; the backups it made stay",
    description: "Audited.",
    access: "signed-in",
    roles: operators,
    params: schedulePathSchema,
    answers: { 204: noContent },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/schedules/{scheduleId}/runs",
    tag: "Schedules",
    summary: "A schedule's latest 20 runs, with each server's outcome",
    access: "signed-in",
    roles: everyone,
    params: schedulePathSchema,
    answers: { 200: { description: "The runs.", schema: scheduleRunListSchema } },
    errors: ["not_found"],
  },
  // Audit ----------------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/audit",
    tag: "Audit",
    summary: "Audit entries, newest first, a page at a time",
    access: "signed-in",
    roles: everyone,
    query: auditListQuerySchema,
    answers: { 200: { description: "A page of entries.", schema: auditPageSchema } },
  },
  {
    method: "get",
    path: "/api/audit/export",
    tag: "Audit",
    summary: "Every matching audit entry as CSV",
    access: "signed-in",
    roles: everyone,
    query: auditFiltersSchema,
    answers: { 200: { description: "A CSV download.", contentType: "text/csv" } },
  },
  // API keys -------------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/api-keys",
    tag: "API keys",
    summary: "Your API keys (an admin: everyone's), never the keys themselves",
    access: "session-only",
    roles: everyone,
    answers: { 200: { description: "The keys.", schema: apiKeyListSchema } },
  },
  {
    method: "post",
    path: "/api/api-keys",
    tag: "API keys",
    summary: "Make a personal API key",
    description:
      "Its role is at most yours; it expires in 1–365 days (90 by default). The key is in this answer only. Audited.",
    access: "session-only",
    roles: everyone,
    body: createApiKeyInputSchema,
    answers: { 201: { description: "The key, shown once as `key`.", schema: createdApiKeySchema } },
    errors: ["conflict"],
  },
  {
    method: "delete",
    path: "/api/api-keys/{keyId}",
    tag: "API keys",
    summary: "Revoke an API key at once",
    description: "Your own; an admin: anyone's. Audited. The key stays listed as revoked.",
    access: "session-only",
    roles: everyone,
    params: apiKeyPathSchema,
    answers: { 200: { description: "The key, revoked.", schema: apiKeySchema } },
    errors: ["not_found"],
  },
  // Notifications --------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/notification-channels",
    tag: "Notifications",
    summary: "Every notification channel, the environment's first; no secret in it",
    access: "signed-in",
    roles: admins,
    answers: { 200: { description: "The channels.", schema: channelListSchema } },
  },
  {
    method: "post",
    path: "/api/notification-channels",
    tag: "Notifications",
    summary: "Add a webhook, Slack or email channel",
    description: "A made webhook secret is in this answer only. Audited.",
    access: "signed-in",
    roles: admins,
    body: addChannelInputSchema,
    answers: { 201: { description: "The channel.", schema: createdChannelSchema } },
  },
  {
    method: "patch",
    path: "/api/notification-channels/{channelId}",
    tag: "Notifications",
    summary: "Rename, pause or resume a channel",
    access: "signed-in",
    roles: admins,
    params: channelPathSchema,
    body: updateChannelInputSchema,
    answers: { 200: { description: "The channel.", schema: channelSummarySchema } },
    errors: ["not_found", "conflict"],
  },
  {
    method: "delete",
    path: "/api/notification-channels/{channelId}",
    tag: "Notifications",
    summary: "Delete a channel with its delivery log",
    access: "signed-in",
    roles: admins,
    params: channelPathSchema,
    answers: { 204: noContent },
    errors: ["not_found", "conflict"],
  },
  {
    method: "post",
    path: "/api/notification-channels/{channelId}/test",
    tag: "Notifications",
    summary: "Queue a test message to a channel",
    access: "signed-in",
    roles: admins,
    params: deliveriesPathSchema,
    answers: { 202: { description: "Queued.", schema: testAnswerSchema } },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/notification-channels/{channelId}/deliveries",
    tag: "Notifications",
    summary: "A channel's latest deliveries, newest first",
    access: "signed-in",
    roles: admins,
    params: deliveriesPathSchema,
    answers: { 200: { description: "The deliveries.", schema: deliveryListSchema } },
    errors: ["not_found"],
  },
  {
    method: "post",
    path: "/api/notification-deliveries/{deliveryId}/retry",
    tag: "Notifications",
    summary: "Try a failed or waiting delivery again now",
    access: "signed-in",
    roles: admins,
    params: deliveryPathSchema,
    answers: { 202: { description: "Queued; no body." } },
    errors: ["not_found", "conflict"],
  },
  // People ---------------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/users",
    tag: "Users",
    summary: "Every user, with role and whether disabled",
    access: "signed-in",
    roles: admins,
    answers: { 200: { description: "The users.", schema: userListSchema } },
  },
  {
    method: "post",
    path: "/api/users",
    tag: "Users",
    summary: "Add a user who signs in with email and password",
    access: "signed-in",
    roles: admins,
    body: addUserInputSchema,
    answers: { 201: { description: "The user.", schema: userSummarySchema } },
    errors: ["conflict"],
  },
  {
    method: "patch",
    path: "/api/users/{userId}",
    tag: "Users",
    summary: "Change a user's role, or disable or enable them",
    description: "The last enabled admin can be neither demoted nor disabled. Audited.",
    access: "signed-in",
    roles: admins,
    params: userPathSchema,
    body: updateUserInputSchema,
    answers: { 200: { description: "The user.", schema: userSummarySchema } },
    errors: ["not_found", "conflict"],
  },
  {
    method: "put",
    path: "/api/me/locale",
    tag: "Users",
    summary: "Save your language with your account",
    access: "signed-in",
    roles: everyone,
    body: localeInputSchema,
    answers: { 200: { description: "The language saved.", schema: localeAnswerSchema } },
  },
  {
    method: "post",
    path: "/api/setup",
    tag: "Users",
    summary: "Create the first admin with the one-time setup link",
    description: "Works once; afterwards, and with a wrong or expired token, 403; once there are users, 409.",
    access: "public",
    body: setupRequestSchema,
    answers: { 201: { description: "The first admin.", schema: userSummarySchema } },
    errors: ["forbidden", "conflict", "rate_limited"],
  },
  // Operations -----------------------------------------------------------------------------------
  {
    method: "get",
    path: "/api/health",
    tag: "Operations",
    summary: "Readiness: the database, VPS.org, the circuit breaker and the watcher",
    description:
      "Without a session it answers from the last check shared by every instance and leaves out the account.",
    access: "public",
    answers: {
      200: { description: "Ready.", schema: healthSchema },
      503: { description: "The database cannot be reached (`status: unavailable`).", schema: healthSchema },
    },
  },
  {
    method: "get",
    path: "/api/live",
    tag: "Operations",
    summary: "Liveness: this process answers HTTP",
    access: "public",
    answers: { 200: { description: "Alive.", schema: liveSchema } },
  },
  {
    method: "get",
    path: "/api/metrics",
    tag: "Operations",
    summary: "Prometheus metrics (text format)",
    description:
      "With `Authorization: Bearer $METRICS_TOKEN`; 404 while METRICS_TOKEN is unset. The account's figures are read from the store at scrape time (the same on every instance); request counters and latencies are this instance's.",
    access: "metrics-token",
    answers: {
      200: { description: "The Prometheus text exposition format.", contentType: "text/plain; version=0.0.4" },
    },
    errors: ["not_found"],
  },
  {
    method: "get",
    path: "/api/openapi.json",
    tag: "Operations",
    summary: "This document",
    access: "signed-in",
    roles: everyone,
    answers: { 200: { description: "The OpenAPI 3.1 description of every /api route." } },
  },
  // Better Auth ----------------------------------------------------------------------------------
  {
    method: "post",
    path: "/api/auth/sign-in/email",
    tag: "Sign-in",
    summary: "Sign in with email and password (sets the session cookie)",
    description: "Limited per account and per address: 429 with Retry-After.",
    access: "auth",
    body: signInEmailBody,
    answers: { 200: { description: "Signed in; the session cookie is set." } },
  },
  {
    method: "post",
    path: "/api/auth/sign-in/social",
    tag: "Sign-in",
    summary: "Start single sign-on: answers the identity provider's URL",
    access: "auth",
    body: signInSocialBody,
    answers: { 200: { description: "Where to send the browser." } },
  },
  {
    method: "get",
    path: "/api/auth/callback/{providerId}",
    tag: "Sign-in",
    summary: "The identity provider's redirect back (sets the session cookie)",
    access: "auth",
    params: z.object({ providerId: z.string() }),
    answers: { 302: { description: "Back to the dashboard, signed in (or to the sign-in page with an error)." } },
  },
  {
    method: "post",
    path: "/api/auth/callback/{providerId}",
    tag: "Sign-in",
    summary: "The same, for providers that answer with response_mode=form_post",
    access: "auth",
    params: z.object({ providerId: z.string() }),
    answers: { 302: { description: "Back to the dashboard, signed in." } },
  },
  {
    method: "get",
    path: "/api/auth/get-session",
    tag: "Sign-in",
    summary: "The signed-in user and session, or null",
    access: "auth",
    answers: { 200: { description: "The session, or null." } },
  },
  {
    method: "post",
    path: "/api/auth/sign-out",
    tag: "Sign-in",
    summary: "End the current session and clear its cookie",
    access: "auth",
    answers: { 200: { description: "Signed out." } },
  },
];
