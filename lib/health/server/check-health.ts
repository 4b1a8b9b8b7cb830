import "server-only";
import { upstreamMode } from "@/lib/config/server-config";
import type { Health } from "@/lib/health/schemas";
import type { Store } from "@/lib/store/store";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { getAccount } from "@/lib/vpsorg/get-account";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

// GET /api/health for monitors costs VPS.org at most one account call per interval, whoever asks and
// however many instances there are: the last check is kept in the store (`provider_health`), and the
// one instance that claims the row's `checking_until` asks again once it is older than the interval.
// A signed-in admin's check is always fresh.

/** How old the shared last check may be before the next anonymous request asks VPS.org again. */
export const HEALTH_CHECK_INTERVAL_MS = 30_000;
/** How long a claim to check lasts: past it (a crashed instance) another may check. */
const CHECK_CLAIM_MS = 30_000;

type ProviderHealth = Omit<Health["provider"], "circuit" | "retryAt">;

export interface HealthOptions {
  /** Whoever asks may see the token's name, permissions, the account and the provider's error. */
  signedIn: boolean;
  /** Ask VPS.org now instead of answering from the last check (a signed-in admin). */
  fresh: boolean;
  now?: Date;
}

export async function checkHealth(store: Store, upstream: VpsorgTransport, options: HealthOptions): Promise<Health> {
  const now = options.now ?? new Date();
  const last = options.fresh ? null : await lastCheck(store);
  let provider: ProviderHealth;
  let checkedAt: string;
  if (last && now.getTime() - last.checkedAt.getTime() < HEALTH_CHECK_INTERVAL_MS) {
    ({ provider } = last);
    checkedAt = last.checkedAt.toISOString();
  } else if (options.fresh || (await claimCheck(store, now))) {
    provider = await askProvider(upstream);
    checkedAt = new Date().toISOString();
    await saveCheck(store, provider, checkedAt);
  } else {
    // Another instance is asking right now: its answer is for the next request.
    provider = last?.provider ?? notCheckedYet;
    checkedAt = last?.checkedAt.toISOString() ?? now.toISOString();
  }
  // Read after the call above, which may have been the probe that closed (or reopened) the circuit.
  const circuit = upstream.circuit();
  const retryAt = circuit.retryAt === null ? null : new Date(circuit.retryAt).toISOString();
  const ok = provider.reachable && provider.tokenAccepted === true;
  if (!options.signedIn) provider = { ...provider, tokenName: null, permissions: [], account: null, error: null };
  return {
    status: ok ? "ok" : "degraded",
    mode: upstreamMode(),
    provider: { ...provider, circuit: circuit.state, retryAt },
    checkedAt,
  };
}

const notCheckedYet: ProviderHealth = {
  reachable: false,
  tokenAccepted: null,
  tokenName: null,
  permissions: [],
  account: null,
  error: "VPS.org has not been checked yet; ask again in a moment.",
};

async function askProvider(upstream: VpsorgTransport): Promise<ProviderHealth> {
  try {
    const me = await getAccount(upstream);
    return {
      reachable: true,
      tokenAccepted: true,
      tokenName: me.token?.name ?? null,
      permissions: me.token?.permissions ?? [],
      account: { email: me.account?.email ?? null, company: me.account?.company_name ?? null },
      error: null,
    };
  } catch (error) {
    if (!(error instanceof VpsorgError)) throw error;
    return {
      reachable: error.status !== undefined,
      tokenAccepted: error.kind === "unauthorized" ? false : null,
      tokenName: null,
      permissions: [],
      account: null,
      error: error.kind === "unauthorized" ? "The VPS.org token configured on the server was rejected." : error.message,
    };
  }
}

async function lastCheck(store: Store): Promise<{ provider: ProviderHealth; checkedAt: Date } | null> {
  const row = await store.db
    .selectFrom("provider_health")
    .select(["checked_at", "result"])
    .where("id", "=", 1)
    .executeTakeFirst();
  if (!row?.checked_at || !row.result) return null;
  return { provider: JSON.parse(row.result) as ProviderHealth, checkedAt: new Date(row.checked_at) };
}

/** True for exactly one instance per interval: the row's claim is taken in one conditional UPDATE. */
async function claimCheck(store: Store, now: Date): Promise<boolean> {
  await store.db
    .insertInto("provider_health")
    .values({ id: 1, checked_at: null, result: null, checking_until: null })
    .onConflict((conflict) => conflict.column("id").doNothing())
    .execute();
  const staleBefore = new Date(now.getTime() - HEALTH_CHECK_INTERVAL_MS).toISOString();
  const result = await store.db
    .updateTable("provider_health")
    .set({ checking_until: new Date(now.getTime() + CHECK_CLAIM_MS).toISOString() })
    .where("id", "=", 1)
    .where((eb) => eb.or([eb("checking_until", "is", null), eb("checking_until", "<", now.toISOString())]))
    .where((eb) => eb.or([eb("checked_at", "is", null), eb("checked_at", "<", staleBefore)]))
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

async function saveCheck(store: Store, provider: ProviderHealth, checkedAt: string): Promise<void> {
  await store.db
    .insertInto("provider_health")
    .values({ id: 1, checked_at: checkedAt, result: JSON.stringify(provider), checking_until: null })
    .onConflict((conflict) =>
      conflict
        .column("id")
        .doUpdateSet({ checked_at: checkedAt, result: JSON.stringify(provider), checking_until: null }),
    )
    .execute();
}
