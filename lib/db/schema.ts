import type { ColumnType, Generated } from "kysely";

export type Dialect = "sqlite" | "postgres";

// The tables as Kysely sees them. Ours are snake_case; Better Auth's (`user`, `session`, …) keep
// its camelCase names, and only the columns our own queries touch are typed here.
//
// Times: our columns are `timestamptz` on PostgreSQL and ISO 8601 UTC text on SQLite. Both accept an
// ISO string on write and compare correctly with one; PostgreSQL reads back a Date, SQLite a string
// (see `toIso` in lib/db/values.ts).
type Timestamp = ColumnType<Date | string, string, string>;
// Better Auth stores booleans as 0/1 on SQLite and as booleans on PostgreSQL.
type DbBoolean = ColumnType<boolean | number | null, boolean | number, boolean | number>;

export interface AuditRefusalWindowTable {
  key: string;
  /** ISO 8601 UTC minute the count is for. */
  window_start: string;
  /** `entry`: a kind of refusal written as it came; `suppressed`: one beyond the bounds; `counter`: a bound's count. */
  kind: string;
  count: number;
  action: string | null;
  code: string | null;
  actor_id: string | null;
  actor_email: string | null;
  ip: string | null;
  /** The address as the bounds count it (an IPv6 client by its /64). */
  address: string | null;
  /** JSON of the audit entry's target. */
  target: string | null;
  message: string | null;
}

export interface RateLimitWindowTable {
  key: string;
  /** ISO 8601 UTC start of the window. */
  window_start: string;
  count: number;
}

export interface JobLeaseTable {
  name: string;
  holder: string;
  acquired_at: Timestamp;
  renewed_at: Timestamp;
  expires_at: Timestamp;
}

export interface AccountSnapshotTable {
  id: number;
  generation: number;
  /** When the picture was taken (or a change folded into it). */
  taken_at: Timestamp | null;
  /** The latest poll, successful or not. */
  polled_at: Timestamp | null;
  /** The latest successful poll: when VPS.org last confirmed the picture. */
  confirmed_at: Timestamp | null;
  /** JSON: the backups with who acted through the dashboard (lib/backups/schemas.ts ListedBackup[], newest first). */
  backups: string | null;
  /** JSON: the server list (lib/servers/schemas.ts ServerList). */
  servers: string | null;
  etag: string | null;
  error_code: string | null;
  error_message: string | null;
  /** Since when the polls fail (null while the latest succeeded). */
  error_since: Timestamp | null;
  refresh_requested_at: Timestamp | null;
}

export interface BackupHistoryTable {
  backup_id: number;
  server_id: number;
  server_name: string;
  backup_type: string;
  description: string;
  status: string;
  size_mb: number | null;
  /** The provider's own text. */
  created_at: string;
  expires_at: string | null;
  /** When the watcher first saw it completed. */
  completed_at: Timestamp | null;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  vanished_at: Timestamp | null;
  /** `deleted` (through the dashboard), `deleted_elsewhere` or `expired`. */
  vanish_reason: string | null;
  deleted_by: string | null;
}

export interface AccountEventTable {
  id: Generated<number>;
  at: Timestamp;
  kind: string;
  server_id: number | null;
  server_name: string | null;
  backup_id: number | null;
  actor_email: string | null;
  /** JSON object. */
  detail: string;
}

export interface ProviderHealthTable {
  id: number;
  checked_at: Timestamp | null;
  /** The last check's answer (JSON of lib/health/schemas.ts' provider part). */
  result: string | null;
  /** While an instance asks VPS.org: nobody else does until then. */
  checking_until: Timestamp | null;
}

/** The circuit breaker in front of VPS.org, shared by every instance (lib/vpsorg/stored-circuit-breaker.ts). */
export interface CircuitBreakerTable {
  /** Always 1: one breaker per deployment. */
  id: number;
  /** Consecutive failed requests to VPS.org, on any instance. */
  failures: number;
  /** Until when the circuit is open (half-open once it has passed); null while closed. */
  open_until: Timestamp | null;
  /** The half-open probe's claim: who sent it, and until when nobody else may. */
  probe_id: string | null;
  probe_until: Timestamp | null;
}

/** How fresh a server's latest completed backup must be (lib/backup-health/server/policies.ts). */
export interface FreshnessPolicyTable {
  /** 0: the policy for all servers. */
  server_id: number;
  /** Hours; null on a server's row: the one for all servers. */
  late_after_hours: number | null;
  /** 1 (or true): checked; 0: an admin turned this server's checks off. */
  checks: number;
  updated_at: Timestamp;
  updated_by: string | null;
}

/** A server's last known health, for notifications once per transition (lib/backup-health/server/transitions.ts). */
export interface ServerHealthStateTable {
  server_id: number;
  state: string;
  since: Timestamp;
  /** When the team was last told of this state (null: not yet, or a state nobody is told of). */
  notified_at: Timestamp | null;
}

/** A backup schedule of the team (lib/schedules/server/schedules.ts). */
export interface BackupScheduleTable {
  id: Generated<number>;
  name: string;
  /** 5 fields (6, with seconds, only where SCHEDULES_ALLOW_SECONDS is on: tests). */
  cron: string;
  /** An IANA time zone, e.g. "Asia/Ho_Chi_Minh". */
  timezone: string;
  /** 1: every server of the account, including ones added later; 0: `server_ids`. */
  all_servers: number;
  /** JSON array of server ids. */
  server_ids: string;
  description_template: string;
  /** 1–10: completed backups of this schedule kept on each server. */
  keep_last: number;
  /** 0 or 1. */
  enabled: number;
  created_at: Timestamp;
  created_by_id: string;
  created_by_email: string;
  updated_at: Timestamp;
  /** Every due time up to this one has had its run (or came before the schedule, or while it was paused). */
  handled_through: Timestamp;
}

/** One run of a schedule at one due time: the unique (schedule_id, due_at) is the claim. */
export interface ScheduleRunTable {
  id: Generated<number>;
  schedule_id: number;
  due_at: Timestamp;
  started_at: Timestamp;
  /** Due times missed while the dashboard was down, covered by this one run. */
  missed: number;
}

export type ScheduleRunServerState = "pending" | "started" | "completed" | "failed" | "skipped";

/** One server of a run, and the backup it made. */
export interface ScheduleRunServerTable {
  run_id: number;
  schedule_id: number;
  server_id: number;
  server_name: string | null;
  /** `pending`: written before VPS.org is asked, so an interrupted create is looked for, never sent again. */
  state: ScheduleRunServerState;
  backup_id: number | null;
  description: string | null;
  /** The audit log's `attempt` entry of its create. */
  attempt_id: number | null;
  reason_code: string | null;
  reason: string | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
  /** When retention ran after this backup completed; `pruned` the JSON array of backup ids it deleted. */
  pruned_at: Timestamp | null;
  pruned: string | null;
}

/** A backup the dashboard refuses to delete until it is unprotected (lib/backups/server/protection.ts). */
export interface BackupProtectionTable {
  backup_id: number;
  server_id: number | null;
  protected_by_id: string;
  protected_by_email: string;
  protected_at: Timestamp;
}

/** A personal API key (lib/api-keys/server/api-keys.ts): its hash, never the key. */
export interface ApiKeyTable {
  id: Generated<number>;
  user_id: string;
  user_email: string;
  name: string;
  /** The role the key acts with (never above its owner's current role). */
  role: string;
  /** The key's first characters, to tell keys apart ("vbk_AbCd1234"). */
  prefix: string;
  /** SHA-256 (hex) of the whole key. */
  key_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  revoked_by_email: string | null;
}

/** A user's own choices (lib/i18n/server/user-locale.ts). */
export interface UserPreferenceTable {
  user_id: string;
  /** "en" or "vi". */
  locale: string;
  updated_at: Timestamp;
}

/**
 * One `Idempotency-Key` of one user on one route (lib/api/idempotency-store.ts), shared by every
 * instance. `pending` while its request runs: `holder` renews `lease_until`, so a pending whose lease
 * ran out is one whose instance died. `done` keeps the success to replay; `failed` frees the key and
 * keeps the failure only for the duplicates that waited on that attempt.
 */
export interface IdempotencyKeyTable {
  /** The route and the user, e.g. "POST /api/backups by <user id>". */
  scope: string;
  key: string;
  /** A hash of the request's content: the same key with other content is refused. */
  fingerprint: string;
  state: "pending" | "done" | "failed";
  /** The attempt that first claimed the key; kept while another instance only looks for its outcome. */
  attempt: string;
  /** Who holds the lease now (the attempt itself, or an instance looking for its outcome). */
  holder: string;
  lease_until: Timestamp;
  status: number | null;
  /** JSON object of the headers worth replaying. */
  headers: string | null;
  body: string | null;
  /** When the attempt began: what it made at VPS.org was made after this. */
  created_at: Timestamp;
  expires_at: Timestamp;
}

/** Where notifications go (lib/notifications/server/channels.ts). */
export interface NotificationChannelTable {
  id: Generated<number>;
  name: string;
  kind: "webhook" | "slack" | "email";
  /** What may be shown: the webhook's URL, the email address; "" for Slack (its URL is the secret). */
  target: string;
  /** Encrypted (lib/notifications/server/secret-box.ts): the webhook's signing secret, or Slack's URL. */
  secret: string | null;
  locale: string;
  /** 0 or 1. */
  paused: number;
  created_at: Timestamp;
}

/** The outbox: one notification, written in the transaction of the change that caused it. */
export interface NotificationTable {
  /** `msg_…`: the webhook-id of every attempt, so receivers can deduplicate. */
  id: string;
  /** The dedupe key: enqueuing the same key again adds nothing. */
  key: string;
  kind: string;
  at: Timestamp;
  server_id: number | null;
  server_name: string | null;
  backup_id: number | null;
  /** JSON object. */
  detail: string;
  path: string;
  created_at: Timestamp;
}

export interface NotificationDeliveryTable {
  id: Generated<number>;
  notification_id: string;
  /** A stored channel's id, or "env:webhook", "env:slack", "env:email". */
  channel: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  next_at: Timestamp;
  claim_until: Timestamp | null;
  claimed_by: string | null;
  last_status: number | null;
  last_answer: string | null;
  last_attempt_at: Timestamp | null;
  created_at: Timestamp;
}

export interface NotificationAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  at: Timestamp;
  /** 0 or 1. */
  ok: number;
  status: number | null;
  answer: string | null;
}

export interface NotificationRuleStateTable {
  name: string;
  value: string | null;
  updated_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  created_at: Timestamp;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  server_id: string | null;
  server_name: string | null;
  backup_id: string | null;
  target_user_id: string | null;
  target_user_email: string | null;
  description: string | null;
  ip: string | null;
  /** `reconciled` and `unknown`: an interrupted attempt's outcome, found afterwards or not in time. */
  outcome: "attempt" | "success" | "failure" | "reconciled" | "unknown";
  error_code: string | null;
  error_message: string | null;
  /** On an outcome entry: the `attempt` entry it settles (unique: one outcome per attempt). */
  attempt_id: number | null;
  /** Done through a schedule (the actor set it up) or an API key: its kind, id and name then. */
  via_kind: "schedule" | "api_key" | null;
  via_id: string | null;
  via_name: string | null;
}

/** One row: every attempt entry with an id up to `settled_through` has its outcome (lib/watcher/reconcile.ts). */
export interface AuditReconciliationTable {
  id: number;
  settled_through: number;
}

export interface SignInAttemptTable {
  id: Generated<number>;
  bucket: string;
  /** The (account, address) pair the attempt came from; null on rows of the first release. */
  pair: string | null;
  attempted_at: Timestamp;
}

/** An (account, address) pair that signed in with the password: the per-account ceiling spares it. */
export interface SignInKnownAddressTable {
  pair: string;
  signed_in_at: Timestamp;
}

export interface SetupTokenTable {
  /** Always 1: at most one setup link is valid at a time. */
  id: number;
  token_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: DbBoolean;
  role: string | null;
  banned: DbBoolean;
  banReason: string | null;
  banExpires: ColumnType<Date | string | number | null, Date | string | number | null, Date | string | number | null>;
  createdAt: ColumnType<Date | string | number, never, never>;
  updatedAt: ColumnType<Date | string | number, Date | string | number, Date | string | number>;
}

export interface SessionTable {
  id: string;
  token: string;
  userId: string;
  expiresAt: ColumnType<Date | string | number, Date | string | number, Date | string | number>;
}

export interface Database {
  audit_log: AuditLogTable;
  audit_reconciliation: AuditReconciliationTable;
  sign_in_attempt: SignInAttemptTable;
  sign_in_known_address: SignInKnownAddressTable;
  setup_token: SetupTokenTable;
  provider_health: ProviderHealthTable;
  audit_refusal_window: AuditRefusalWindowTable;
  rate_limit_window: RateLimitWindowTable;
  job_lease: JobLeaseTable;
  account_snapshot: AccountSnapshotTable;
  backup_history: BackupHistoryTable;
  account_event: AccountEventTable;
  idempotency_key: IdempotencyKeyTable;
  circuit_breaker: CircuitBreakerTable;
  user_preference: UserPreferenceTable;
  freshness_policy: FreshnessPolicyTable;
  server_health_state: ServerHealthStateTable;
  notification_channel: NotificationChannelTable;
  notification: NotificationTable;
  notification_delivery: NotificationDeliveryTable;
  notification_attempt: NotificationAttemptTable;
  notification_rule_state: NotificationRuleStateTable;
  backup_schedule: BackupScheduleTable;
  schedule_run: ScheduleRunTable;
  schedule_run_server: ScheduleRunServerTable;
  backup_protection: BackupProtectionTable;
  api_key: ApiKeyTable;
  user: UserTable;
  session: SessionTable;
}
