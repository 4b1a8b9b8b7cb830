import { defineRoute, json } from "@/lib/api/route";
import { apiKeyPathSchema } from "@/lib/api-keys/inputs";
import { apiKeySchema } from "@/lib/api-keys/schemas";
import { revokeApiKey, keyManager } from "@/lib/api-keys/server/api-keys";

// DELETE /api/api-keys/{id} – revoke a key at once, on every instance (your own; an admin: anyone's); audited; the key stays listed as revoked
export const DELETE = defineRoute(
  { sessionOnly: true, params: apiKeyPathSchema },
  async ({ store, session, ip, params }) =>
    json(apiKeySchema, await revokeApiKey(store.db, keyManager(session, ip), params.keyId)),
);
