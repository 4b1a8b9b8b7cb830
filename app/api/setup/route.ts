import { defineRoute, json } from "@/lib/api/route";
import { getStore } from "@/lib/db/store";
import { completeSetup } from "@/lib/users/first-run";
import { setupRequestSchema, userSummarySchema } from "@/lib/users/user-schema";

// POST /api/setup – create the first admin with the one-time setup link printed at start-up (no session: nobody has one yet).
// Works once: afterwards, and with a wrong or expired token, 403; once there are users, 409.
export const POST = defineRoute({ public: true, body: setupRequestSchema }, async ({ ip, body }) => {
  const { token, ...user } = body;
  const admin = await completeSetup(await getStore(), token, user, ip);
  return json(userSummarySchema, admin, { status: 201 });
});
