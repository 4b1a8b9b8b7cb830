import { defineRoute, json } from "@/lib/api/route";
import { serverPolicyInputSchema, serverPolicyPathSchema } from "@/lib/backup-health/inputs";
import { freshnessPoliciesSchema } from "@/lib/backup-health/schemas";
import { clearServerPolicy, setServerPolicy } from "@/lib/backup-health/server/policies";
import { knownServer } from "@/lib/servers/server/known-server";

// PUT /api/servers/[serverId]/freshness-policy – a server's own threshold, or its checks off (admins; audited)
export const PUT = defineRoute(
  { permission: { health: ["configure"] }, params: serverPolicyPathSchema, body: serverPolicyInputSchema },
  async ({ store, session, ip, params, body }) => {
    const server = await knownServer(store.db, params.serverId);
    const by = { actor: { id: session.user.id, email: session.user.email }, ip };
    return json(freshnessPoliciesSchema, await setServerPolicy(store.db, by, server, body));
  },
);

// DELETE /api/servers/[serverId]/freshness-policy – the server follows the policy for all servers again (admins; audited)
export const DELETE = defineRoute(
  { permission: { health: ["configure"] }, params: serverPolicyPathSchema },
  async ({ store, session, ip, params }) => {
    const server = await knownServer(store.db, params.serverId);
    const by = { actor: { id: session.user.id, email: session.user.email }, ip };
    return json(freshnessPoliciesSchema, await clearServerPolicy(store.db, by, server));
  },
);
