import { defineRoute } from "@/lib/api/route";
import { metricsResponse } from "@/lib/metrics/server/metrics-route";

// GET /api/metrics – Prometheus text format (the account's backups, health, circuit breaker, watcher and deliveries
// from the store; this instance's requests to VPS.org and /api requests). No session: `Authorization: Bearer
// METRICS_TOKEN`, 401 otherwise; 404 while METRICS_TOKEN is unset.
export const GET = defineRoute({ public: true }, async ({ request }) => metricsResponse(request));
