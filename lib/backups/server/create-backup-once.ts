import "server-only";
import type { AuditedActionSpec, AuditedBy } from "@/lib/audit/server/audited";
import { recordRecoveredSuccess } from "@/lib/audit/server/audited";
import type { CreateBackupInput } from "@/lib/backups/inputs";
import type { Backup, CreateBackupResult, CreatedBackup } from "@/lib/backups/schemas";
import { accountBackups } from "@/lib/backups/server/account-backups";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

// POST /api/backups under an Idempotency-Key whose first attempt was interrupted (its instance died
// while VPS.org was asked): the create is not sent again; the backup it made is looked for instead.

/** VPS.org's timestamps have whole seconds, and its clock is not ours: a backup this much older still counts. */
export const CREATE_CLOCK_SKEW_MS = 5_000;

/** What the audit log records of a create: the same for the create and for its recovery. */
export function createAuditSpec(input: CreateBackupInput): AuditedActionSpec<Pick<Backup, "id" | "server">> {
  return {
    action: "backup.create",
    target: { serverId: input.server_id, description: input.description },
    learned: (backup) => ({ serverName: backup.server.name, backupId: backup.id }),
    done: "The backup was started",
  };
}

/** The answer of POST /api/backups: the new backup, with who created it. */
export function createResult(backup: CreatedBackup, by: AuditedBy, at: Date): CreateBackupResult {
  return { ...backup, created_by: { email: by.session.user.email, at: at.toISOString() }, restored_by: null };
}

/**
 * The backup an interrupted create made, as VPS.org lists it now: a manual backup of the same server
 * with the same description (the provider stores none as ""), created when the attempt started or
 * after (less CREATE_CLOCK_SKEW_MS); the oldest such. Null when none is listed (yet).
 */
export async function findInterruptedCreate(
  upstream: VpsorgTransport,
  input: CreateBackupInput,
  startedAt: Date,
): Promise<Backup | null> {
  const since = Math.floor(startedAt.getTime() / 1000) * 1000 - CREATE_CLOCK_SKEW_MS;
  const description = input.description ?? "";
  const candidates = (await accountBackups(upstream, { server_id: input.server_id, backup_type: "manual" })).filter(
    (backup) =>
      backup.server.id === input.server_id &&
      backup.backup_type === "manual" &&
      backup.description === description &&
      Date.parse(backup.created_at) >= since,
  );
  return candidates.at(-1) ?? null; // newest first
}

/**
 * The answer the interrupted create would have given, with its outcome now on record (the attempt
 * entry is already there); null when VPS.org lists no such backup.
 */
export async function recoverInterruptedCreate(
  by: AuditedBy,
  upstream: VpsorgTransport,
  input: CreateBackupInput,
  startedAt: Date,
): Promise<CreateBackupResult | null> {
  const backup = await findInterruptedCreate(upstream, input, startedAt);
  if (!backup) return null;
  await recordRecoveredSuccess(by, createAuditSpec(input), backup);
  return createResult({ ...backup, message: null }, by, startedAt);
}
