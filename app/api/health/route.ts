import { defineRoute, json } from "@/lib/api/route";
import { getCurrentSession } from "@/lib/auth/server/session";
import { healthSchema } from "@/lib/health/schemas";
import { checkHealth } from "@/lib/health/server/check-health";

// GET /api/health – which VPS.org the dashboard uses, whether it answers and accepts the token, the circuit breaker.
// No session needed (for monitors): then it answers from the last check shared by every instance (VPS.org is asked at
// most once per 30 s, whoever asks) and leaves out the token's name and permissions, the account and the provider's error.
// A signed-in admin's check is fresh.
export const GET = defineRoute({ public: true }, async ({ request, store, upstream }) => {
  const session = await getCurrentSession(store, request.headers);
  const health = await checkHealth(store, upstream, {
    signedIn: session !== null,
    fresh: session?.user.role === "admin",
  });
  return json(healthSchema, health);
});
