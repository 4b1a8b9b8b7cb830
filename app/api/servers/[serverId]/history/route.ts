import { defineRoute, revalidatableJson } from "@/lib/api/route";
import { listEvents } from "@/lib/events/server/list-events";
import { ApiError } from "@/lib/http/server/api-error";
import { serverHistoryQuerySchema, serverPathSchema } from "@/lib/servers/history-inputs";
import { DEFAULT_HISTORY_DAYS, MAX_HISTORY_EVENTS, serverHistorySchema } from "@/lib/servers/history-schemas";
import { eventsSince } from "@/lib/servers/history-series";
import { loadServerHistory } from "@/lib/servers/server/load-server-history";

// GET /api/servers/[serverId]/history?days= – one server's backups over time (vanished ones too), its restores and its events; ETag / 304
export const GET = defineRoute(
  // It tells of the server's backups as well as of the server: a role reads it if it may list both.
  { permission: { server: ["list"], backup: ["list"] }, params: serverPathSchema, query: serverHistoryQuerySchema },
  async ({ request, store, upstream, params, query }) => {
    const days = query.days ?? DEFAULT_HISTORY_DAYS;
    const [history, events] = await Promise.all([
      loadServerHistory(store, upstream, params.serverId, days),
      listEvents(store.db, { server_id: params.serverId, limit: MAX_HISTORY_EVENTS }),
    ]);
    if (!history) throw new ApiError("not_found", `The dashboard knows no server ${params.serverId}.`);
    return revalidatableJson(request, serverHistorySchema, {
      list: { ...history, events: eventsSince(events.results, history.since) },
      // The body's own hash: the history has no generation to name it by.
      etag: null,
    });
  },
);
