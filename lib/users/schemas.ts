import * as z from "zod/mini";
import { roleNames } from "@/lib/auth/role-names";

// A user as /api/users and /api/setup answer it: the one definition, parsed by the routes before it is
// sent (so nothing else about a user, a password hash or a ban reason, can leave) and checked by the
// browser with the same schema. The request shapes are in ./inputs.ts.

export const userSummarySchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  /** null for a role this version does not know (treated as no permission). */
  role: z.nullable(z.enum(roleNames)),
  disabled: z.boolean(),
  /** ISO 8601 UTC. */
  createdAt: z.string(),
});
export type UserSummary = z.infer<typeof userSummarySchema>;

export const userListSchema = z.object({ results: z.array(userSummarySchema) });
export type UserList = z.infer<typeof userListSchema>;
