import * as z from "zod";
import { roleSchema } from "@/lib/auth/roles";
import { DEFAULT_API_KEY_EXPIRY_DAYS, MAX_API_KEY_EXPIRY_DAYS, MAX_API_KEY_NAME_LENGTH } from "@/lib/api-keys/limits";
import { idParamSchema } from "@/lib/http/ids";

// What the API-key routes accept: the one definition of each request shape (full zod on the server;
// the settings page imports the types only).

export const createApiKeyInputSchema = z.strictObject({
  name: z
    .string({ error: "name must be text" })
    .trim()
    .min(1, { error: "name is required: say what the key is for (e.g. ci-deploy)" })
    .max(MAX_API_KEY_NAME_LENGTH, { error: `name must be at most ${MAX_API_KEY_NAME_LENGTH} characters` })
    .regex(/^[^\p{Cc}]*$/u, { error: "name must not contain control characters" }),
  role: roleSchema,
  expires_in_days: z
    .number({ error: "expires_in_days must be a number of days" })
    .int({ error: "expires_in_days must be a whole number of days" })
    .min(1, { error: "expires_in_days must be at least 1" })
    .max(MAX_API_KEY_EXPIRY_DAYS, { error: `expires_in_days must be at most ${MAX_API_KEY_EXPIRY_DAYS}` })
    .default(DEFAULT_API_KEY_EXPIRY_DAYS),
});
export type CreateApiKeyInput = z.input<typeof createApiKeyInputSchema>;

export const apiKeyPathSchema = z.strictObject({ keyId: idParamSchema("keyId") });
