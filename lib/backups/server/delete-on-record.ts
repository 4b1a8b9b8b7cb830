import "server-only";
import { audited, type AuditedBy } from "@/lib/audit/server/audited";
import type { Backup, BulkDeleteItem, BulkDeleteResult } from "@/lib/backups/schemas";
import { accountBackups, deleteBackup } from "@/lib/backups/server/account-backups";
import { assertNotProtected } from "@/lib/backups/server/protection";
import { ApiError, asApiError } from "@/lib/http/server/api-error";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";
import { foldAfterChange } from "@/lib/watcher/snapshot";

// A person's delete of a backup, the one way for DELETE /api/backups/{id} and for each backup of
// POST /api/backups/bulk-delete: audited before and after VPS.org is asked (one `backup.delete`
// attempt and its outcome per backup), a protected backup refused on record without asking, and the
// deletion folded into the watcher's picture at once.

export interface DeleteBy extends AuditedBy {
  upstream: VpsorgTransport;
}

/**
 * Deletes `backupId` as `by`, on record. `known` is the backup as listed (for the audit entry's server
 * and description), or null when it is not listed or the list could not be read: VPS.org is asked all
 * the same, and its answer (a 404) is what says the backup does not exist. Throws what the request
 * answers: `backup_protected`, VPS.org's error, or the audit log's.
 */
export async function deleteBackupOnRecord(by: DeleteBy, backupId: number, known: Backup | null): Promise<void> {
  await audited(by, deleteAuditSpec(backupId, known), async () => {
    // Checked on record, just before VPS.org is asked: the refusal is in the audit log.
    await assertNotProtected(by.store.db, backupId);
    return deleteBackup(by.upstream, backupId);
  });
  await foldAfterChange(by.store.db, { kind: "deleted", backupId, actorEmail: by.session.user.email });
}

function deleteAuditSpec(backupId: number, known: Backup | null) {
  return {
    action: "backup.delete" as const,
    target: {
      backupId,
      serverId: known?.server.id,
      serverName: known?.server.name,
      description: known?.description || undefined,
    },
    done: "The backup was deleted",
  };
}

/**
 * Deletes each of `backupIds` in turn, as DELETE /api/backups/{id} would, and answers how each went.
 * One at a time, never in parallel: VPS.org rate-limits, and the circuit breaker sees each answer
 * before the next is sent. A failure of one backup (protected, not found, refused, a provider error)
 * does not stop the others, except one that says the next would fare no better — VPS.org asking the
 * dashboard to wait (429, or Retry-After: also the open circuit), a rejected token, the audit log or
 * the store failing: the backups after it are not sent, each answered with that reason.
 */
export async function bulkDeleteOnRecord(by: DeleteBy, backupIds: readonly number[]): Promise<BulkDeleteResult> {
  const listed = await listedById(by.upstream);
  const results: BulkDeleteItem[] = [];
  let stop: ApiError | null = null;
  for (const backupId of backupIds) {
    const known = listed.get(backupId) ?? null;
    if (stop) {
      const failure = await notSent(by, backupId, known, stop);
      results.push(itemFailure(backupId, failure));
      // The audit log failed while recording it: the ones after it are not even recorded.
      if (failure.code !== stop.code) stop = failure;
      continue;
    }
    try {
      await deleteBackupOnRecord(by, backupId, known);
      results.push({ backup_id: backupId, outcome: "deleted" });
    } catch (error) {
      const failure = asApiError(error);
      results.push(itemFailure(backupId, failure));
      if (stopsTheRest(failure)) stop = failure;
    }
  }
  return { results };
}

/** The account's backups by id, read once for the whole request; empty when the list cannot be read. */
async function listedById(upstream: VpsorgTransport): Promise<Map<number, Backup>> {
  try {
    return new Map((await accountBackups(upstream)).map((backup) => [backup.id, backup]));
  } catch {
    return new Map();
  }
}

function itemFailure(backupId: number, failure: ApiError): BulkDeleteItem {
  return {
    backup_id: backupId,
    // Refused: the dashboard's own rule, VPS.org not asked. Failed: anything else.
    outcome: failure.code === "backup_protected" ? "refused" : "failed",
    code: failure.code,
    message: failure.message,
  };
}

const STOPPING_CODES = new Set([
  "rate_limited",
  "provider_token_rejected",
  "audit_write_failed",
  "store_unavailable",
  "internal_error",
]);

/** Whether the failure of one backup says the rest would fare no better, or must not be tried. */
export function stopsTheRest(failure: ApiError): boolean {
  return STOPPING_CODES.has(failure.code) || failure.retryAfterSeconds !== undefined;
}

/**
 * A backup after the stopping failure: not sent to VPS.org. It is on record like a refused delete
 * (an attempt and its failure) unless the audit log or the store is what failed. Answers why it was
 * not done: the stopping failure, or the audit log's own when that could not be recorded.
 */
async function notSent(by: DeleteBy, backupId: number, known: Backup | null, stop: ApiError): Promise<ApiError> {
  const reason = stop.message.startsWith(NOT_SENT)
    ? stop
    : new ApiError(stop.code, `${NOT_SENT}: ${stop.message}`, { retryAfterSeconds: stop.retryAfterSeconds });
  if (stop.code === "audit_write_failed" || stop.code === "store_unavailable") return reason;
  try {
    await audited(by, deleteAuditSpec(backupId, known), () => Promise.reject(reason));
    return reason;
  } catch (error) {
    return asApiError(error);
  }
}

const NOT_SENT = "Not sent to VPS.org, after an earlier backup of this request failed";
