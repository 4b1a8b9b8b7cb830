import { defineRoute, json } from "@/lib/api/route";
import { channelPathSchema, updateChannelInputSchema } from "@/lib/notifications/inputs";
import { channelSummarySchema } from "@/lib/notifications/schemas";
import { deleteChannel, updateChannel } from "@/lib/notifications/server/channels";

// PATCH /api/notification-channels/[channelId] – rename, pause or resume a stored channel (admins); audited
export const PATCH = defineRoute(
  { permission: { notification: ["manage"] }, params: channelPathSchema, body: updateChannelInputSchema },
  async ({ store, session, ip, params, body }) => {
    const by = { actor: { id: session.user.id, email: session.user.email }, ip };
    return json(channelSummarySchema, await updateChannel(store, by, Number(params.channelId), body));
  },
);

// DELETE /api/notification-channels/[channelId] – delete a stored channel with its delivery log (admins); audited
export const DELETE = defineRoute(
  { permission: { notification: ["manage"] }, params: channelPathSchema },
  async ({ store, session, ip, params }) => {
    await deleteChannel(
      store,
      { actor: { id: session.user.id, email: session.user.email }, ip },
      Number(params.channelId),
    );
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);
