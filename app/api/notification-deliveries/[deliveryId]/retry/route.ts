import { defineRoute } from "@/lib/api/route";
import { deliveryPathSchema } from "@/lib/notifications/inputs";
import { retryDelivery } from "@/lib/notifications/server/channels";

// POST /api/notification-deliveries/[deliveryId]/retry – try a failed (or waiting) delivery again now (admins); audited
export const POST = defineRoute(
  { permission: { notification: ["manage"] }, params: deliveryPathSchema },
  async ({ store, session, ip, params }) => {
    await retryDelivery(
      store,
      { actor: { id: session.user.id, email: session.user.email }, ip },
      Number(params.deliveryId),
    );
    return new Response(null, { status: 202, headers: { "Cache-Control": "no-store" } });
  },
);
