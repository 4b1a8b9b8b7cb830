import type { EventsQuery } from "@/lib/events/inputs";

/** Which events a list shows: the whole account, or one server's. */
export type EventFilter = Pick<EventsQuery, "server_id">;

// General to specific: invalidating `eventKeys.all` refreshes the panel whatever its filter.
export const eventKeys = {
  all: ["events"] as const,
  lists: () => [...eventKeys.all, "list"] as const,
  list: (filter: EventFilter) => [...eventKeys.lists(), filter] as const,
};
