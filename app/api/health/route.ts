import { defineRoute, json } from "@/lib/api/route";
import { upstreamConfig } from "@/lib/config/server-config";
import { healthSchema, type Health } from "@/lib/health/schemas";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { getAccount } from "@/lib/vpsorg/get-account";
import { vpsorg } from "@/lib/vpsorg/server";

// GET /api/health – which VPS.org the dashboard uses, whether it answers and accepts the token
export const GET = defineRoute({}, async () => {
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
  const ok = provider.reachable && provider.tokenAccepted === true;
  return json(healthSchema, { status: ok ? "ok" : "degraded", mode, provider, checkedAt: new Date().toISOString() });
});
