import "server-only";
import type { AuditedActionSpec, AuditedBy } from "@/lib/audit/server/audited";
import { createAttemptSince, createdBackupClaims } from "@/lib/audit/server/audit-attempts";
import { recordRecoveredOutcome } from "@/lib/audit/server/audited";
import type { CreateBackupInput } from "@/lib/backups/inputs";
import { matchInterruptedCreate } from "@/lib/backups/interrupted-create";
import type { Backup, CreateBackupResult, CreatedBackup } from "@/lib/backups/schemas";
import { accountBackups } from "@/lib/backups/server/account-backups";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { freshPicture, type FreshPictureOptions } from "@/lib/watcher/fresh-picture";
import { requestRefresh } from "@/lib/watcher/snapshot";
import { componentLogger } from "@/lib/log/logger";

// POST /api/backups under an Idempotency-Key whose first attempt was interrupted (its instance died
// while VPS.org was asked): the create is not sent again; the backup it made is looked for instead
// (the rule: lib/backups/interrupted-create.ts).

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
 * The answer the interrupted create would have given, with its outcome now on record (`reconciled`,
 * after the attempt entry already there); null when no such backup is listed, or when the attempt
 * never reached the audit log (then VPS.org was never asked). The backup is looked for in a picture
 * the watcher takes for this (lib/watcher/fresh-picture.ts), or in VPS.org's list when no watcher
 * runs or its picture does not come in time.
 */
export async function recoverInterruptedCreate(
  by: AuditedBy,
  upstream: VpsorgTransport,
  input: CreateBackupInput,
  startedAt: Date,
  options: FreshPictureOptions = {},
): Promise<CreateBackupResult | null> {
  const { db } = by.store;
  // The attempt entry is written just after the key is claimed, on the same instance's clock.
  const found = await createAttemptSince(db, {
    actorId: by.session.user.id,
    serverId: input.server_id,
    description: input.description,
    since: new Date(startedAt.getTime() - 1000),
  });
  if (!found) return null;
  const { attempt, outcome } = found;

  const picture = await freshPicture(db, options);
  const listed =
    picture?.backups ?? (await accountBackups(upstream, { server_id: input.server_id, backup_type: "manual" }));
  // The watcher may have reconciled the attempt already: the backup it named is the answer.
  const named = outcome?.target.backupId
    ? listed.find((backup) => String(backup.id) === outcome.target.backupId)
    : null;
  let backup = named ?? null;
  if (!backup) {
    const claims = await createdBackupClaims(
      db,
      listed.filter((candidate) => candidate.server.id === input.server_id).map((candidate) => candidate.id),
    );
    backup = matchInterruptedCreate(
      listed,
      { serverId: input.server_id, description: input.description, startedAt },
      (id) => claims.has(id) && claims.get(id) !== attempt.id,
    );
  }
  if (!backup) return null;
  if (!outcome) {
    await recordRecoveredOutcome(by, createAuditSpec(input), backup, attempt.id);
    // The picture names who made each backup from the audit log: the next poll names this one.
    if (picture) await requestRefresh(db);
  } else if (outcome.outcome === "unknown")
    componentLogger("idempotency").warn(
      { auditEntry: attempt.id, backupId: backup.id },
      `create attempt ${attempt.id} is on record as unknown, but backup ${backup.id} is listed`,
    );
  return createResult({ ...backup, message: null }, by, startedAt);
}
