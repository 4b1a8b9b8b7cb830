import { defineRoute, json } from "@/lib/api/route";
import { completeSetup } from "@/lib/users/server/first-run";
import { setupRequestSchema } from "@/lib/users/inputs";
import { userSummarySchema } from "@/lib/users/schemas";

// POST /api/setup – create the first admin with the one-time setup link printed at start-up (no session: nobody has one yet).
// Works once: afterwards, and with a wrong or expired token, 403; once there are users, 409.
export const POST = defineRoute({ public: true, body: setupRequestSchema }, async ({ store, ip, body }) => {
  const { token, ...user } = body;
  const admin = await completeSetup(store, token, user, ip);
  return json(userSummarySchema, admin, { status: 201 });
});
