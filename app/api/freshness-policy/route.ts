import { defineRoute, json } from "@/lib/api/route";
import { allServersPolicyInputSchema } from "@/lib/backup-health/inputs";
import { freshnessPoliciesSchema } from "@/lib/backup-health/schemas";
import { readPolicies, setAllServersPolicy } from "@/lib/backup-health/server/policies";

// GET /api/freshness-policy – the backup-health thresholds: the one for all servers and each server's own
export const GET = defineRoute({ permission: { health: ["list"] } }, async ({ store }) =>
  json(freshnessPoliciesSchema, await readPolicies(store.db)),
);

// PUT /api/freshness-policy – set the threshold for all servers (admins; audited)
export const PUT = defineRoute(
  { permission: { health: ["configure"] }, body: allServersPolicyInputSchema },
  async ({ store, session, ip, body }) =>
    json(
      freshnessPoliciesSchema,
      await setAllServersPolicy(store.db, { actor: { id: session.user.id, email: session.user.email }, ip }, body),
    ),
);
