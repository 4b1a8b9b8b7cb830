import { fetchJson } from "@/lib/http/client/fetch-json";
import type { SetupInput } from "@/lib/users/inputs";
import { userSummarySchema, type UserSummary } from "@/lib/users/schemas";

// POST /api/setup — create the first admin with the one-time setup link.

export function sendCompleteSetup(token: string, input: SetupInput): Promise<UserSummary> {
  return fetchJson("/api/setup", userSummarySchema, { method: "POST", body: { token, ...input } });
}
