import "server-only";
import { createHash } from "node:crypto";
import { sql, type Kysely } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { AuditActor, AuditEntryInput } from "@/lib/audit/server/audit-entry";
import type { AuditAction } from "@/lib/audit/schemas";
import { addressLimitKey } from "@/lib/auth/server/client-address";
import type { Database } from "@/lib/db/schema";
import { writeTransaction } from "@/lib/db/write-transaction";

// Refused attempts are on record (a viewer's delete, a cross-site post, a body that does not parse, a
// failed or rate-limited sign-in, a wrong setup token), but a flood of them must not flood the log,
// least of all from someone who is not signed in. They are counted per minute in the store (shared by
// every instance), per kind: (action, code, who, address, target).
//
// - The first refusal of a kind in a minute is written as it is, at once.
// - The rest of that minute are counted; when the minute has closed, one summary entry says how many
//   ("36 more refused sign-ins like this in the minute from …").
// - Anonymous refusals: at most REFUSAL_LIMITS.perAddress kinds per address (an IPv6 client by its
//   /64) and REFUSAL_LIMITS.perAction kinds per action are written one by one in a minute. A signed-in
//   person, who answers for what they do, has REFUSAL_LIMITS.perActor kinds per action and minute.
//   Beyond that, refusals are only counted, and the closed minute gets one summary per (action, code)
//   naming how many there were, from how many addresses.
//
// So anonymous requests write at most about 2 × perAction entries per action a minute, whoever floods
// it from however many addresses. Closed minutes are summarised ("flushed") by whichever instance records the next
// refusal or reads the audit log first; the summary and the removal of its counts are one transaction.

export interface RefusedAttempt {
  action: AuditAction;
  /** Who asked, when the request carried a session. */
  actor: AuditActor | null;
  target: NonNullable<AuditEntryInput["target"]>;
  ip: string | null;
  /** The answer: its code and message. */
  code: string;
  message: string;
}

export interface RefusalLimits {
  /** Kinds of refusal written one by one per signed-in person, action and minute. */
  perActor: number;
  /** Kinds of anonymous refusal written one by one per address, action and minute. */
  perAddress: number;
  /** Kinds of anonymous refusal written one by one per action and minute, over every address. */
  perAction: number;
}

export const REFUSAL_LIMITS: RefusalLimits = { perActor: 20, perAddress: 10, perAction: 100 };

const WINDOW_MS = 60_000;

/** What the summaries call the refused attempts of an action. */
const NOUNS: Partial<Record<AuditAction, [one: string, many: string]>> = {
  "auth.sign_in_failed": ["sign-in", "sign-ins"],
  "setup.complete": ["setup attempt", "setup attempts"],
};

function noun(action: AuditAction, count: number): string {
  const [one, many] = NOUNS[action] ?? ["attempt", "attempts"];
  return count === 1 ? one : many;
}

const hash = (...parts: Array<string | null | undefined>) =>
  createHash("sha256")
    .update(parts.map((part) => part ?? "").join("\n"))
    .digest("hex");

function windowOf(now: Date): string {
  return new Date(Math.floor(now.getTime() / WINDOW_MS) * WINDOW_MS).toISOString();
}

type Kind = "entry" | "suppressed" | "counter";

interface Counted {
  count: number;
  kind: Kind;
}

/** Counts one more in the row (key, window) – one statement, so concurrent instances each see a distinct count. */
async function bump(
  db: Kysely<Database>,
  window: string,
  key: string,
  kind: Kind,
  refusal: RefusedAttempt | null,
): Promise<Counted> {
  const row = await db
    .insertInto("audit_refusal_window")
    .values({
      key,
      window_start: window,
      kind,
      count: 1,
      action: refusal?.action ?? null,
      code: refusal?.code ?? null,
      actor_id: refusal?.actor?.id ?? null,
      actor_email: refusal?.actor?.email ?? null,
      ip: refusal?.ip ?? null,
      address: refusal ? addressOf(refusal.ip) : null,
      target: refusal ? JSON.stringify(refusal.target) : null,
      message: refusal?.message.slice(0, 1000) ?? null,
    })
    .onConflict((conflict) =>
      conflict.columns(["key", "window_start"]).doUpdateSet({ count: sql`audit_refusal_window.count + 1` }),
    )
    .returning(["count", "kind"])
    .executeTakeFirstOrThrow();
  return { count: Number(row.count), kind: row.kind as Kind };
}

function addressOf(ip: string | null): string {
  return ip === null ? "unknown" : addressLimitKey(ip);
}

function entryOf(refusal: RefusedAttempt, message: string): AuditEntryInput {
  return {
    actor: refusal.actor,
    action: refusal.action,
    target: refusal.target,
    ip: refusal.ip,
    outcome: { code: refusal.code.slice(0, 64), message: message.slice(0, 2000) },
  };
}

/**
 * Records a refused attempt, bounded (see above). Throws an AuditWriteError when the log cannot be
 * written, like recordAudit.
 */
export async function recordRefusal(
  db: Kysely<Database>,
  refusal: RefusedAttempt,
  now: Date = new Date(),
  limits: RefusalLimits = REFUSAL_LIMITS,
): Promise<void> {
  await flushRefusals(db, now);
  const window = windowOf(now);
  const kindKey = hash(
    "kind",
    refusal.action,
    refusal.code,
    refusal.actor?.id,
    refusal.ip,
    JSON.stringify(refusal.target ?? {}),
  );
  const counted = await bump(db, window, kindKey, "entry", refusal);
  if (counted.count > 1) return;

  // A new kind of refusal this minute: is there room for one more entry of its own? A signed-in
  // person answers for what they do, and is bounded alone; anonymous requests per address and together.
  const full = refusal.actor
    ? (await bump(db, window, hash("actor", refusal.action, refusal.actor.id), "counter", null)).count > limits.perActor
    : (await bump(db, window, hash("address", refusal.action, addressOf(refusal.ip)), "counter", null)).count >
        limits.perAddress ||
      (await bump(db, window, hash("action", refusal.action), "counter", null)).count > limits.perAction;
  if (full) {
    // Counted with the others beyond the bounds, summarised when the minute has closed.
    await db
      .updateTable("audit_refusal_window")
      .set({ kind: "suppressed" })
      .where("key", "=", kindKey)
      .where("window_start", "=", window)
      .execute();
    return;
  }
  await recordAudit(db, entryOf(refusal, `Refused: ${refusal.message}`), now);
}

/**
 * Writes the summaries of every closed minute and forgets its counts, in one transaction (so two
 * instances never both write one, and a failed write loses nothing). Returns how many it wrote.
 */
export async function flushRefusals(db: Kysely<Database>, now: Date = new Date()): Promise<number> {
  const current = windowOf(now);
  const pending = await db
    .selectFrom("audit_refusal_window")
    .select("key")
    .where("window_start", "<", current)
    .limit(1)
    .executeTakeFirst();
  if (!pending) return 0;
  return writeTransaction(db, async (trx) => {
    const rows = await trx
      .deleteFrom("audit_refusal_window")
      .where("window_start", "<", current)
      .returningAll()
      .execute();
    let written = 0;
    const overflow = new Map<
      string,
      { refusal: RefusedAttempt; window: string; count: number; addresses: Set<string> }
    >();
    for (const row of rows.sort((a, b) => a.window_start.localeCompare(b.window_start))) {
      if (row.kind === "counter" || !row.action || !row.code) continue;
      const refusal: RefusedAttempt = {
        action: row.action as AuditAction,
        code: row.code,
        actor: row.actor_id ? { id: row.actor_id, email: row.actor_email ?? "" } : null,
        ip: row.ip,
        target: row.target ? (JSON.parse(row.target) as RefusedAttempt["target"]) : {},
        message: row.message ?? "",
      };
      const count = Number(row.count);
      if (row.kind === "entry") {
        const more = count - 1;
        if (more < 1) continue;
        await recordAudit(
          trx,
          entryOf(
            refusal,
            `${more} more refused ${noun(refusal.action, more)} like this in the minute from ${row.window_start}: ${refusal.message}`,
          ),
          now,
        );
        written++;
        continue;
      }
      // Per person for signed-in refusals (bounded by the accounts), together for anonymous ones.
      const groupKey = `${row.window_start}\n${row.action}\n${row.code}\n${row.actor_id ?? ""}`;
      const group = overflow.get(groupKey) ?? { refusal, window: row.window_start, count: 0, addresses: new Set() };
      group.count += count;
      group.addresses.add(row.address ?? "unknown");
      overflow.set(groupKey, group);
    }
    for (const { refusal, window, count, addresses } of overflow.values()) {
      const single = addresses.size === 1;
      const from = single ? `from ${[...addresses][0]}` : `from ${addresses.size} addresses`;
      await recordAudit(
        trx,
        {
          actor: refusal.actor,
          action: refusal.action,
          target: { description: "refusals beyond the per-minute bound" },
          ip: single ? refusal.ip : null,
          outcome: {
            code: refusal.code.slice(0, 64),
            message:
              `${count} more refused ${noun(refusal.action, count)} (${refusal.code}) ${from} in the minute from ${window}, beyond the entries written one by one; the latest said: ${refusal.message}`.slice(
                0,
                2000,
              ),
          },
        },
        now,
      );
      written++;
    }
    return written;
  });
}
