import "server-only";
import type { Kysely } from "kysely";
import { recordAudit } from "@/lib/audit/server/audit-log";
import type { EffectivePolicy } from "@/lib/backup-health/health";
import type { AllServersPolicyInput, ServerPolicyInput } from "@/lib/backup-health/inputs";
import { DEFAULT_LATE_AFTER_HOURS, type FreshnessPolicies, type FreshnessPolicy } from "@/lib/backup-health/schemas";
import type { Database } from "@/lib/db/schema";
import { toIso } from "@/lib/db/values";
import { writeTransaction } from "@/lib/db/write-transaction";
import type { ActingAs } from "@/lib/users/server/users";

// The freshness policies, in the store so every instance applies the same ones: row 0 is the
// threshold for all servers (DEFAULT_LATE_AFTER_HOURS until an admin sets another), a server's row its
// own threshold or its checks turned off. Every change is audited in the same transaction.

const ALL_SERVERS = 0;

interface Row {
  server_id: number;
  late_after_hours: number | null;
  checks: number;
  updated_at: Date | string;
  updated_by: string | null;
}

const toPolicy = (row: Row): FreshnessPolicy => ({
  late_after_hours: row.late_after_hours,
  checks: Boolean(row.checks),
  updated_at: toIso(row.updated_at),
  updated_by: row.updated_by,
});

export async function readPolicies(db: Kysely<Database>): Promise<FreshnessPolicies> {
  const rows = await db.selectFrom("freshness_policy").selectAll().orderBy("server_id").execute();
  const all = rows.find((row) => row.server_id === ALL_SERVERS);
  return {
    all_servers: all
      ? toPolicy(all)
      : { late_after_hours: DEFAULT_LATE_AFTER_HOURS, checks: true, updated_at: null, updated_by: null },
    servers: rows
      .filter((row) => row.server_id !== ALL_SERVERS)
      .map((row) => ({ server_id: row.server_id, ...toPolicy(row) })),
  };
}

/** The policy in force for one server. */
export function effectivePolicy(policies: FreshnessPolicies, serverId: number): EffectivePolicy {
  const own = policies.servers.find((policy) => policy.server_id === serverId);
  const allHours = policies.all_servers.late_after_hours ?? DEFAULT_LATE_AFTER_HOURS;
  return {
    lateAfterHours: own?.late_after_hours ?? allHours,
    checks: own?.checks ?? true,
    own: own?.late_after_hours != null,
  };
}

const hoursText = (hours: number) => `late after ${hours} h`;

/** Sets the threshold for all servers. */
export async function setAllServersPolicy(
  db: Kysely<Database>,
  by: ActingAs,
  input: AllServersPolicyInput,
  now: Date = new Date(),
): Promise<FreshnessPolicies> {
  await writeTransaction(db, async (trx) => {
    const values = {
      late_after_hours: input.late_after_hours,
      checks: 1,
      updated_at: now.toISOString(),
      updated_by: by.actor?.email ?? null,
    };
    await trx
      .insertInto("freshness_policy")
      .values({ server_id: ALL_SERVERS, ...values })
      .onConflict((conflict) => conflict.column("server_id").doUpdateSet(values))
      .execute();
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "health.policy_change",
        target: { description: `all servers: ${hoursText(input.late_after_hours)}` },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
  });
  return readPolicies(db);
}

/** Sets one server's own policy: its threshold (null: the one for all servers), or its checks off. */
export async function setServerPolicy(
  db: Kysely<Database>,
  by: ActingAs,
  server: { id: number; name: string | null },
  input: ServerPolicyInput,
  now: Date = new Date(),
): Promise<FreshnessPolicies> {
  await writeTransaction(db, async (trx) => {
    const values = {
      late_after_hours: input.late_after_hours,
      checks: input.checks ? 1 : 0,
      updated_at: now.toISOString(),
      updated_by: by.actor?.email ?? null,
    };
    await trx
      .insertInto("freshness_policy")
      .values({ server_id: server.id, ...values })
      .onConflict((conflict) => conflict.column("server_id").doUpdateSet(values))
      .execute();
    const what = !input.checks
      ? "checks off"
      : input.late_after_hours === null
        ? "checks on, the threshold for all servers"
        : `checks on, ${hoursText(input.late_after_hours)}`;
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "health.policy_change",
        target: { serverId: server.id, ...(server.name ? { serverName: server.name } : {}), description: what },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
  });
  return readPolicies(db);
}

/** Removes a server's own policy: it follows the one for all servers again (audited only when it had one). */
export async function clearServerPolicy(
  db: Kysely<Database>,
  by: ActingAs,
  server: { id: number; name: string | null },
  now: Date = new Date(),
): Promise<FreshnessPolicies> {
  await writeTransaction(db, async (trx) => {
    const removed = await trx.deleteFrom("freshness_policy").where("server_id", "=", server.id).executeTakeFirst();
    if (Number(removed.numDeletedRows) === 0) return;
    await recordAudit(
      trx,
      {
        actor: by.actor,
        action: "health.policy_change",
        target: {
          serverId: server.id,
          ...(server.name ? { serverName: server.name } : {}),
          description: "back to the policy for all servers",
        },
        ip: by.ip,
        outcome: "success",
      },
      now,
    );
  });
  return readPolicies(db);
}
