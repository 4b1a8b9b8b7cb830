import { fetchJson } from "@/lib/http/fetch-json";
import { parser } from "@/lib/http/json-shape";
import { readUser } from "@/lib/users/get-users";
import type { SetupInput, UserSummary } from "@/lib/users/user-schema";

// POST /api/setup — create the first admin with the one-time setup link.

const userParser = parser(readUser);

export function completeSetup(token: string, input: SetupInput): Promise<UserSummary> {
  return fetchJson("/api/setup", userParser, { method: "POST", body: { token, ...input } });
}
