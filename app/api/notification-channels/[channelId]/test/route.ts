import { defineRoute, json } from "@/lib/api/route";
import { deliveriesPathSchema } from "@/lib/notifications/inputs";
import { testAnswerSchema } from "@/lib/notifications/schemas";
import { sendTest } from "@/lib/notifications/server/channels";

// POST /api/notification-channels/[channelId]/test – queue a test message to this channel (admins); audited
export const POST = defineRoute(
  { permission: { notification: ["manage"] }, params: deliveriesPathSchema },
  async ({ store, session, ip, params }) => {
    const by = { actor: { id: session.user.id, email: session.user.email }, ip };
    return json(testAnswerSchema, await sendTest(store, by, params.channelId), { status: 202 });
  },
);
