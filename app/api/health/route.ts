import { defineRoute, json } from "@/lib/api/route";
import { getCurrentSession } from "@/lib/auth/session";
import { upstreamConfig } from "@/lib/config/server-config";
import { getStore } from "@/lib/db/store";
import { healthSchema, type Health } from "@/lib/health/schemas";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { getAccount } from "@/lib/vpsorg/get-account";
import { vpsorg } from "@/lib/vpsorg/server";

// GET /api/health – which VPS.org the dashboard uses, whether it answers and accepts the token, the circuit breaker.
// No session needed (for monitors); without one, the token's name and permissions, the account and the provider's error are left out.
export const GET = defineRoute({ public: true }, async ({ request }) => {
  const { mode } = upstreamConfig();
  let provider: Health["provider"];
  try {
    const me = await getAccount(vpsorg());
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
  const circuit = vpsorg().circuit();
  const retryAt = circuit.retryAt === null ? null : new Date(circuit.retryAt).toISOString();
  const ok = provider.reachable && provider.tokenAccepted === true;
  const signedIn = (await getCurrentSession(await getStore(), request.headers)) !== null;
  if (!signedIn) provider = { ...provider, tokenName: null, permissions: [], account: null, error: null };
  return json(healthSchema, {
    status: ok ? "ok" : "degraded",
    mode,
    provider: { ...provider, circuit: circuit.state, retryAt },
    checkedAt: new Date().toISOString(),
  });
});
