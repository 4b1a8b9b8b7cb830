import { defineRoute, json } from "@/lib/api/route";
import { addUserInputSchema } from "@/lib/users/inputs";
import { userListSchema, userSummarySchema } from "@/lib/users/schemas";
import { addUser, listUsers } from "@/lib/users/server/users";

// GET /api/users – every user of the dashboard, with role and whether disabled (admins)
export const GET = defineRoute({ permission: { user: ["list"] } }, async ({ store }) => {
  return json(userListSchema, { results: await listUsers(store) });
});

// POST /api/users – add a user who signs in with email and password (admins); audited by lib/users
export const POST = defineRoute(
  { permission: { user: ["create"] }, body: addUserInputSchema },
  async ({ store, session, ip, body }) => {
    const user = await addUser(store, { actor: { id: session.user.id, email: session.user.email }, ip }, body);
    return json(userSummarySchema, user, { status: 201 });
  },
);
