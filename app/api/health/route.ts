import { defineRoute, json } from "@/lib/api/route";
import { getCurrentSession } from "@/lib/auth/server/session";
import { healthSchema } from "@/lib/health/schemas";
import { checkHealth } from "@/lib/health/server/check-health";

// GET /api/health – which VPS.org the dashboard uses, whether it answers and accepts the token, the circuit breaker.
// No session needed (for monitors); without one, the token's name and permissions, the account and the provider's error are left out.
export const GET = defineRoute({ public: true }, async ({ request, store, upstream }) => {
  const signedIn = (await getCurrentSession(store, request.headers)) !== null;
  return json(healthSchema, await checkHealth(upstream, signedIn));
});
