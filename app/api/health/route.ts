import { defineRoute, json } from "@/lib/api/route";
import { healthSchema } from "@/lib/health/schemas";
import { healthFor, healthResponseInit } from "@/lib/health/server/check-health";

// GET /api/health – whether the dashboard's database answers; which VPS.org the dashboard uses, whether it answers and
// accepts the token, the circuit breaker. No session needed (for monitors): then it answers from the last check shared by
// every instance (VPS.org is asked at most once per 30 s, whoever asks) and leaves out the token's name and permissions,
// the account and the provider's error. A signed-in admin's check is fresh. While the database cannot be reached: 503,
// `status: "unavailable"`, with Retry-After.
export const GET = defineRoute({ public: true }, async ({ request, store, upstream }) => {
  const health = await healthFor(store, upstream, request.headers);
  return json(healthSchema, health, healthResponseInit(health));
});
