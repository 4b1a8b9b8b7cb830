import { defineRoute, json } from "@/lib/api/route";
import { liveSchema } from "@/lib/health/schemas";

// GET /api/live – liveness: this process answers HTTP, nothing more (no database, no VPS.org, no session), for an
// orchestrator's liveness probe; GET /api/health is the readiness check. Also the benchmark's bare route handler.
export const GET = defineRoute({ public: true }, async () => json(liveSchema, { status: "ok" }));
