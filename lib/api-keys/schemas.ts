import * as z from "zod/mini";
import { roleNames } from "@/lib/auth/role-names";

// An API key as /api/api-keys answers it: the one definition, parsed by the routes before it is sent
// (the key's hash never leaves) and checked by the settings page with the same schema. The whole key
// is in the answer to its creation only. Request shapes: ./inputs.ts.

export const apiKeyStatuses = ["active", "expired", "revoked"] as const;
export type ApiKeyStatus = (typeof apiKeyStatuses)[number];

export const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  /** The role the key acts with; never more than its owner's role at the time of use. */
  role: z.enum(roleNames),
  /** The key's first characters ("vbk_AbCd1234"), to tell keys apart. */
  prefix: z.string(),
  owner: z.object({ id: z.string(), email: z.string() }),
  status: z.enum(apiKeyStatuses),
  /** ISO 8601 UTC. */
  created_at: z.string(),
  expires_at: z.string(),
  last_used_at: z.nullable(z.string()),
  revoked_at: z.nullable(z.string()),
  revoked_by: z.nullable(z.string()),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

export const apiKeyListSchema = z.object({ results: z.array(apiKeySchema) });
export type ApiKeyList = z.infer<typeof apiKeyListSchema>;

/** The answer to a creation: the key itself, shown once and never again. */
export const createdApiKeySchema = z.extend(apiKeySchema, { key: z.string() });
export type CreatedApiKey = z.infer<typeof createdApiKeySchema>;
