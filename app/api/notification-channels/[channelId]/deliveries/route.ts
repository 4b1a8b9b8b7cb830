import { defineRoute, json } from "@/lib/api/route";
import { deliveriesPathSchema } from "@/lib/notifications/inputs";
import { deliveryListSchema } from "@/lib/notifications/schemas";
import { listDeliveries } from "@/lib/notifications/server/channels";

// GET /api/notification-channels/[channelId]/deliveries – the channel's latest deliveries, newest first (admins)
export const GET = defineRoute(
  { permission: { notification: ["list"] }, params: deliveriesPathSchema },
  async ({ store, params }) => {
    return json(deliveryListSchema, { results: await listDeliveries(store, params.channelId) });
  },
);
