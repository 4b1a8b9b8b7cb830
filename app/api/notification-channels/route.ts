import { defineRoute, json } from "@/lib/api/route";
import { addChannelInputSchema } from "@/lib/notifications/inputs";
import { channelListSchema, createdChannelSchema } from "@/lib/notifications/schemas";
import { addChannel, emailAvailable, listChannels } from "@/lib/notifications/server/channels";

// GET /api/notification-channels – every channel, the environment's first (admins); no secret in it
export const GET = defineRoute({ permission: { notification: ["list"] } }, async ({ store }) => {
  return json(channelListSchema, { results: await listChannels(store), emailAvailable: emailAvailable() });
});

// POST /api/notification-channels – add a webhook, Slack or email channel (admins); a made webhook secret is shown once; audited
export const POST = defineRoute(
  { permission: { notification: ["manage"] }, body: addChannelInputSchema },
  async ({ store, session, ip, body }) => {
    const created = await addChannel(store, { actor: { id: session.user.id, email: session.user.email }, ip }, body);
    return json(createdChannelSchema, created, { status: 201 });
  },
);
