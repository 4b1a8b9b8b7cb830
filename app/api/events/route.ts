import { defineRoute, revalidatableJson } from "@/lib/api/route";
import { eventsQuerySchema } from "@/lib/events/inputs";
import { eventPageSchema } from "@/lib/events/schemas";
import { listEvents } from "@/lib/events/server/list-events";

// GET /api/events?server_id=&limit=&before= – what the watcher saw change, newest first, for the account or one server, a page at a time; ETag / 304
export const GET = defineRoute(
  // The events tell of backups and of servers: a role reads them if it may list both.
  { permission: { backup: ["list"], server: ["list"] }, query: eventsQuerySchema },
  async ({ request, store, query }) =>
    // The ETag is the body's own hash: a page of events has no generation to name it by.
    revalidatableJson(request, eventPageSchema, { list: await listEvents(store.db, query), etag: null }),
);
