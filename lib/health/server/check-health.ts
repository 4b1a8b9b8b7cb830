import "server-only";
import { upstreamMode } from "@/lib/config/server-config";
import type { Health } from "@/lib/health/schemas";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { getAccount } from "@/lib/vpsorg/get-account";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/**
 * Which VPS.org the dashboard uses, whether it answers and accepts the token, and the circuit
 * breaker. Without a session the token's name and permissions, the account and the provider's error
 * are left out.
 */
export async function checkHealth(upstream: VpsorgTransport, signedIn: boolean): Promise<Health> {
  let provider: Health["provider"];
  try {
    const me = await getAccount(upstream);
    provider = {
      reachable: true,
      tokenAccepted: true,
      tokenName: me.token?.name ?? null,
      permissions: me.token?.permissions ?? [],
      account: { email: me.account?.email ?? null, company: me.account?.company_name ?? null },
      error: null,
    };
  } catch (error) {
    if (!(error instanceof VpsorgError)) throw error;
    const answered = error.status !== undefined;
    provider = {
      reachable: answered,
      tokenAccepted: error.kind === "unauthorized" ? false : null,
      tokenName: null,
      permissions: [],
      account: null,
      error: error.kind === "unauthorized" ? "The VPS.org token configured on the server was rejected." : error.message,
    };
  }
  // Read after the call above, which may have been the probe that closed (or reopened) the circuit.
  const circuit = upstream.circuit();
  const retryAt = circuit.retryAt === null ? null : new Date(circuit.retryAt).toISOString();
  const ok = provider.reachable && provider.tokenAccepted === true;
  if (!signedIn) provider = { ...provider, tokenName: null, permissions: [], account: null, error: null };
  return {
    status: ok ? "ok" : "degraded",
    mode: upstreamMode(),
    provider: { ...provider, circuit: circuit.state, retryAt },
    checkedAt: new Date().toISOString(),
  };
}
