import "server-only";
import { createHash } from "node:crypto";
import { sql } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { AuditActor, AuditEntryInput } from "@/lib/audit/server/audit-entry";
import type { AuditAction } from "@/lib/audit/schemas";
import type { Store } from "@/lib/store/store";

// Refused attempts at an audited action (a viewer's delete, a cross-site post, a body that does not
// parse) are on record too, but a flood of them must not flood the log: they are counted per
// (action, code, who, address) and minute in the store (shared by every instance), and only the first
// refusal of each minute is written as it is; the rest of that minute become one summary entry,
// written with the first refusal of a later minute ("36 more refused …").

export interface RefusedAttempt {
  action: AuditAction;
  /** Who asked, when the request carried a session. */
  actor: AuditActor | null;
  target: NonNullable<AuditEntryInput["target"]>;
  ip: string | null;
  /** The API's answer: its code and message. */
  code: string;
  message: string;
}

const WINDOW_MS = 60_000;

/** Records a refused attempt, bounded: at most two audit entries per (action, code, who, address) and minute. */
export async function recordRefusal(store: Store, refusal: RefusedAttempt, now: Date = new Date()): Promise<void> {
  const key = createHash("sha256")
    .update([refusal.action, refusal.code, refusal.actor?.id ?? "", refusal.ip ?? ""].join("\n"))
    .digest("hex");
  const window = new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS).toISOString();
  // One statement: concurrent refusals on several instances each see a distinct count.
  const { rows } = await sql<{ count: number; previous_window: string | null; previous_count: number }>`
    insert into refusal_window (key, window_start, count, previous_window, previous_count)
    values (${key}, ${window}, 1, null, 0)
    on conflict (key) do update set
      previous_window = case when refusal_window.window_start = ${window} then refusal_window.previous_window else refusal_window.window_start end,
      previous_count = case when refusal_window.window_start = ${window} then refusal_window.previous_count else refusal_window.count end,
      count = case when refusal_window.window_start = ${window} then refusal_window.count + 1 else 1 end,
      window_start = ${window}
    returning count, previous_window, previous_count`.execute(store.db);
  const counted = rows[0];
  if (!counted || Number(counted.count) !== 1) return;

  const entry = (message: string): AuditEntryInput => ({
    actor: refusal.actor,
    action: refusal.action,
    target: refusal.target,
    ip: refusal.ip,
    outcome: { code: refusal.code, message: message.slice(0, 2000) },
  });
  const unwritten = Number(counted.previous_count) - 1;
  if (unwritten > 0 && counted.previous_window) {
    await recordAudit(
      store.db,
      entry(
        `${unwritten} more refused attempt${unwritten === 1 ? "" : "s"} (${refusal.code}) in the minute from ${counted.previous_window}: ${refusal.message}`,
      ),
      now,
    );
  }
  await recordAudit(store.db, entry(`Refused: ${refusal.message}`), now);
}
