import "server-only";
import { AuditWriteError, recordAudit, recordOutcome } from "@/lib/audit/server/audit-log";
import type { AuditAction } from "@/lib/audit/schemas";
import type { AuditEntryInput, AuditVia } from "@/lib/audit/server/audit-entry";
import type { CurrentSession } from "@/lib/auth/server/session";
import { asApiError } from "@/lib/http/server/api-error";
import type { Store } from "@/lib/store/store";
import { componentLogger } from "@/lib/log/logger";

// Every create, delete and restore is on record before its answer leaves, and nothing is asked of
// VPS.org unrecorded. The log is append-only, so an entry cannot be written first and completed
// later: an `attempt` entry (who, what, from where) is written BEFORE VPS.org is called — if that
// write fails, the request fails with 500 `audit_write_failed` (503 `store_unavailable` when the
// database cannot be reached) and VPS.org is never called — and a
// second entry with the outcome (success, or the error's code and message) AFTER it answered, naming
// the attempt it settles. If that second write fails, the answer is a 500 that says the action was
// done (or failed) but its outcome is not recorded; the attempt entry still names who asked. An
// attempt whose instance stopped before VPS.org answered is settled later, once: `reconciled` by a
// retry with its Idempotency-Key or by the watcher's reconciliation, or `unknown`
// (lib/watcher/reconcile.ts).

export type AuditTarget = NonNullable<AuditEntryInput["target"]>;

/** Who acts, from where, on which store: what the route wrapper already knows (or a schedule's run). */
export interface AuditedBy {
  store: Pick<Store, "db">;
  session: { user: Pick<CurrentSession["user"], "id" | "email"> };
  ip: string | null;
  /** Done through a schedule (then `session.user` is who set it up) or an API key. */
  via?: AuditVia | null;
}

export interface AuditedActionSpec<T> {
  action: Extract<AuditAction, "backup.create" | "backup.delete" | "server.restore">;
  /** What is known before asking VPS.org. */
  target: AuditTarget;
  /** What the answer adds (the new backup's id, the server's name…). */
  learned?: (result: T) => AuditTarget;
  /** Past tense for the 500 after a done-but-unrecorded action: "The backup was created". */
  done: string;
}

export async function audited<T>(
  by: AuditedBy,
  spec: AuditedActionSpec<T>,
  act: () => Promise<T>,
  /** Told the attempt entry's id before VPS.org is asked (a schedule's run keeps it beside its row). */
  onAttempt?: (attemptId: number) => Promise<void>,
): Promise<T> {
  const { store, session, ip, via } = by;
  const entry = (outcome: AuditEntryInput["outcome"], extra: AuditTarget = {}): AuditEntryInput => ({
    actor: { id: session.user.id, email: session.user.email },
    action: spec.action,
    target: { ...spec.target, ...extra },
    ip,
    via,
    outcome,
  });
  const attempt = await recordAudit(store.db, entry("attempt")).catch((error: unknown) => {
    throw asAuditWriteError(
      error,
      "The audit log could not be written, so nothing was done: VPS.org was not asked. The error was logged; try again.",
      true,
    );
  });
  await onAttempt?.(attempt.id);
  // The outcome names its attempt. Only one can: if the watcher's reconciliation wrote one first
  // (this request outlived its grace period), that one stands.
  const settle = async (input: AuditEntryInput, apiMessage: string) => {
    const written = await recordOutcome(store.db, attempt.id, input).catch((error: unknown) => {
      throw asAuditWriteError(error, apiMessage, false);
    });
    if (!written)
      componentLogger("audit").warn(
        { auditEntry: attempt.id, action: spec.action },
        `attempt ${attempt.id} (${spec.action}) already had its outcome on record`,
      );
  };
  let result: T;
  try {
    result = await act();
  } catch (error) {
    const failure = asApiError(error);
    await settle(
      entry({ code: failure.code, message: failure.message.slice(0, 2000) }),
      unrecorded(`The request failed (${failure.message}), and the audit log could not record that outcome`),
    );
    throw error;
  }
  await settle(
    entry("success", spec.learned?.(result)),
    unrecorded(`${spec.done}, but the audit log could not record it`),
  );
  return result;
}

function asAuditWriteError(error: unknown, apiMessage: string, nothingDone: boolean): AuditWriteError {
  return error instanceof AuditWriteError
    ? error.withApiMessage(apiMessage, nothingDone)
    : new AuditWriteError(error, apiMessage, nothingDone);
}

function unrecorded(what: string): string {
  return `${what} (the attempt is recorded). The error was logged; check before trying again.`;
}

/**
 * The outcome of an attempt that `audited` started but whose instance stopped before it answered (its
 * `attempt` entry is `attemptId`), found afterwards without asking VPS.org to act again: `reconciled`,
 * naming what `audited` would have learned, as the person who asked, from this request's address.
 * Nothing is written when the attempt already has its outcome (the watcher may have reconciled it).
 */
export async function recordRecoveredOutcome<T>(
  by: AuditedBy,
  spec: AuditedActionSpec<T>,
  result: T,
  attemptId: number,
): Promise<void> {
  const { store, session, ip, via } = by;
  await recordOutcome(store.db, attemptId, {
    actor: { id: session.user.id, email: session.user.email },
    action: spec.action,
    target: { ...spec.target, ...spec.learned?.(result) },
    ip,
    via,
    outcome: "reconciled",
  }).catch((error: unknown) => {
    throw asAuditWriteError(
      error,
      unrecorded(`${spec.done} by an earlier request with this key, but the audit log could not record it`),
      false,
    );
  });
}
