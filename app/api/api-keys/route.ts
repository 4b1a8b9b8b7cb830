import { defineRoute, json } from "@/lib/api/route";
import { createApiKeyInputSchema } from "@/lib/api-keys/inputs";
import { apiKeyListSchema, createdApiKeySchema } from "@/lib/api-keys/schemas";
import { createApiKey, listApiKeys, keyManager } from "@/lib/api-keys/server/api-keys";

// GET /api/api-keys – your API keys (an admin: everyone's), newest first, with status and last use; never the keys
export const GET = defineRoute({ sessionOnly: true }, async ({ store, session, ip }) =>
  json(apiKeyListSchema, {
    results: await listApiKeys(store.db, keyManager(session, ip)),
  }),
);

// POST /api/api-keys – make a personal key {name, role (at most yours), expires_in_days (90, at most 365)}; answers the key once; audited
export const POST = defineRoute(
  { permission: { api_key: ["create"] }, sessionOnly: true, body: createApiKeyInputSchema },
  async ({ store, session, ip, body }) =>
    json(createdApiKeySchema, await createApiKey(store.db, keyManager(session, ip), body), { status: 201 }),
);
