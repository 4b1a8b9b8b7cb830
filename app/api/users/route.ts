import { defineRoute, json } from "@/lib/api/route";
import { getStore } from "@/lib/db/store";
import { addUserInputSchema, userListSchema, userSummarySchema } from "@/lib/users/user-schema";
import { addUser, listUsers } from "@/lib/users/users";

// GET /api/users – every user of the dashboard, with role and whether disabled (admins)
export const GET = defineRoute({ permission: { user: ["list"] } }, async () => {
  return json(userListSchema, { results: await listUsers(await getStore()) });
});

// POST /api/users – add a user who signs in with email and password (admins); audited by lib/users
export const POST = defineRoute(
  { permission: { user: ["create"] }, body: addUserInputSchema },
  async ({ session, ip, body }) => {
    const user = await addUser(
      await getStore(),
      { actor: { id: session.user.id, email: session.user.email }, ip },
      body,
    );
    return json(userSummarySchema, user, { status: 201 });
  },
);
