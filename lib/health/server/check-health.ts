import "server-only";
import { sql } from "kysely";
import { getCurrentSession } from "@/lib/auth/server/session";
import { upstreamMode } from "@/lib/config/server-config";
import { STORE_RETRY_AFTER_SECONDS } from "@/lib/db/store-unavailable";
import type { Health } from "@/lib/health/schemas";
import { asApiError } from "@/lib/http/server/api-error";
import type { Store } from "@/lib/store/store";
import type { CircuitStatus } from "@/lib/vpsorg/circuit-breaker";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { getAccount } from "@/lib/vpsorg/get-account";
import { watcherHealth } from "@/lib/watcher/serving";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

// GET /api/health for monitors costs VPS.org at most one account call per interval, whoever asks and
// however many instances there are: the last check is kept in the store (`provider_health`), and the
// one instance that claims the row's `checking_until` asks again once it is older than the interval.
// A signed-in admin's check is always fresh.

/** How long GET /api/health waits for the store's `select 1` before it says the store is unavailable. */
export const STORE_CHECK_TIMEOUT_MS = 2_000;

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

/**
 * What GET /api/health answers: first whether the store answers a `select 1` (cheap, for every
 * caller); if it does not, `unavailable` at once, without looking for a session or at VPS.org (whose
 * last check is kept in the store); otherwise VPS.org as whoever asks (`headers`' session) may see it.
 */
export async function healthFor(store: Store, upstream: VpsorgTransport, headers: Headers): Promise<Health> {
  const storeHealth = await checkStore(store);
  if (storeHealth.status !== "ok") return storeUnavailable(storeHealth);
  try {
    const session = await getCurrentSession(store, headers);
    return await checkHealth(store, upstream, { signedIn: session !== null, fresh: session?.user.role === "admin" });
  } catch (error) {
    // It went away since the select: the same answer.
    if (asApiError(error).code !== "store_unavailable") throw error;
    return storeUnavailable({ status: "unavailable", message: UNREACHABLE });
  }
}

/** The HTTP status and headers of a health answer: 503 with Retry-After while the store is unavailable. */
export function healthResponseInit(health: Health): { status: number; headers?: Record<string, string> } {
  return health.status === "unavailable"
    ? { status: 503, headers: { "Retry-After": String(STORE_RETRY_AFTER_SECONDS) } }
    : { status: 200 };
}

const UNREACHABLE =
  "The dashboard's database cannot be reached: signing in and every page and request that need it fail until it is back.";

/** A `select 1` within `timeoutMs`; any failure or a late answer is `unavailable`. */
export async function checkStore(store: Store, timeoutMs: number = STORE_CHECK_TIMEOUT_MS): Promise<Health["store"]> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), timeoutMs)));
  try {
    const answer = await Promise.race([sql`select 1`.execute(store.db), late]);
    if (answer === "late")
      return {
        status: "unavailable",
        message: `The dashboard's database did not answer within ${timeoutMs / 1000} s: signing in and every page and request that need it fail until it does.`,
      };
    return { status: "ok", message: null };
  } catch {
    // Whatever failed (it is logged by the store once per outage), a database that cannot run
    // `select 1` cannot serve anything else either.
    return { status: "unavailable", message: UNREACHABLE };
  } finally {
    clearTimeout(timer);
  }
}

/** The answer while the store is unreachable: the circuit breaker's state is kept there too, so it is not said. */
function storeUnavailable(store: Health["store"]): Health {
  return {
    status: "unavailable",
    mode: upstreamMode(),
    store,
    provider: {
      reachable: false,
      tokenAccepted: null,
      tokenName: null,
      permissions: [],
      account: null,
      error: "VPS.org was not checked: its last check is kept in the dashboard's database, which cannot be reached.",
    },
    checkedAt: new Date().toISOString(),
  };
}

/** VPS.org's part of the health answer, with the store answering (see healthFor). */
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
  // The breaker is one for every instance (kept in the store): what it says holds for all of them.
  const circuit = await upstream.circuit();
  const ok = provider.reachable && provider.tokenAccepted === true;
  if (!options.signedIn) provider = { ...provider, tokenName: null, permissions: [], account: null, error: null };
  return {
    status: ok ? "ok" : "degraded",
    mode: upstreamMode(),
    store: { status: "ok", message: null },
    provider: { ...provider, ...circuitPart(circuit) },
    watcher: await watcherHealth(store.db, now),
    checkedAt,
  };
}

/** The breaker's part of the answer; nothing when its state cannot be read. */
function circuitPart(circuit: CircuitStatus | null): Pick<Health["provider"], "circuit" | "retryAt"> {
  if (!circuit) return {};
  return { circuit: circuit.state, retryAt: circuit.retryAt === null ? null : new Date(circuit.retryAt).toISOString() };
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
