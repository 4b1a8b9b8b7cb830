import "server-only";
import { ApiError } from "@/lib/api/api-error";
import { asApiError } from "@/lib/api/route";
import { recordAudit } from "@/lib/audit/audit-log";
import type { AuditAction, AuditEntryInput } from "@/lib/audit/audit-schema";
import type { CurrentSession } from "@/lib/auth/session";
import type { Store } from "@/lib/db/store";

// Every create, delete and restore is on record before its answer leaves, and nothing is asked of
// VPS.org unrecorded. The log is append-only, so an entry cannot be written first and completed
// later: an `attempt` entry (who, what, from where) is written BEFORE VPS.org is called — if that
// write fails, the request fails with 500 `audit_write_failed` and VPS.org is never called — and a
// second entry with the outcome (success, or the error's code and message) AFTER it answered. If
// that second write fails, the answer is a 500 that says the action was done (or failed) but its
// outcome is not recorded; the attempt entry still names who asked.

export type AuditTarget = NonNullable<AuditEntryInput["target"]>;

export interface AuditedActionSpec<T> {
  store: Store;
  session: CurrentSession;
  ip: string | null;
  action: Extract<AuditAction, "backup.create" | "backup.delete" | "server.restore">;
  /** What is known before asking VPS.org. */
  target: AuditTarget;
  /** What the answer adds (the new backup's id, the server's name…). */
  learned?: (result: T) => AuditTarget;
  /** Past tense for the 500 after a done-but-unrecorded action: "The backup was created". */
  done: string;
}

export async function audited<T>(spec: AuditedActionSpec<T>, act: () => Promise<T>): Promise<T> {
  const { store, session, ip, action, target } = spec;
  const entry = (outcome: AuditEntryInput["outcome"], extra: AuditTarget = {}): AuditEntryInput => ({
    actor: { id: session.user.id, email: session.user.email },
    action,
    target: { ...target, ...extra },
    ip,
    outcome,
  });

  await recordAudit(store.db, entry("attempt")).catch((writeError: unknown) => {
    throw new ApiError(
      "audit_write_failed",
      "The audit log could not be written, so nothing was done: VPS.org was not asked. The error was logged; try again.",
      {
        cause: writeError,
      },
    );
  });
  let result: T;
  try {
    result = await act();
  } catch (error) {
    const failure = asApiError(error);
    await recordAudit(store.db, entry({ code: failure.code, message: failure.message.slice(0, 2000) })).catch(
      (writeError: unknown) => {
        throw unrecorded(
          `The request failed (${failure.message}), and the audit log could not record that outcome`,
          writeError,
        );
      },
    );
    throw error;
  }
  await recordAudit(store.db, entry("success", spec.learned?.(result))).catch((writeError: unknown) => {
    throw unrecorded(`${spec.done}, but the audit log could not record it`, writeError);
  });
  return result;
}

function unrecorded(what: string, cause: unknown): ApiError {
  return new ApiError(
    "audit_write_failed",
    `${what} (the attempt is recorded). The error was logged; check before trying again.`,
    { cause },
  );
}
