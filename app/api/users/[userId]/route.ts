import { defineRoute, json } from "@/lib/api/route";
import { updateUserInputSchema, userPathSchema } from "@/lib/users/inputs";
import { userSummarySchema } from "@/lib/users/schemas";
import { changeRole, disableUser, enableUser, type ActingAs } from "@/lib/users/server/users";

// PATCH /api/users/[userId] – change a user's role, or disable (ending their sessions at once) or enable them (admins).
// The last enabled admin can be neither demoted nor disabled; each change is audited by lib/users.
export const PATCH = defineRoute(
  { permission: { user: ["update"] }, params: userPathSchema, body: updateUserInputSchema },
  async ({ store, session, ip, params, body }) => {
    const by: ActingAs = { actor: { id: session.user.id, email: session.user.email }, ip };
    const user =
      body.role !== undefined
        ? await changeRole(store, by, params.userId, body.role)
        : body.disabled
          ? await disableUser(store, by, params.userId)
          : await enableUser(store, by, params.userId);
    return json(userSummarySchema, user);
  },
);
