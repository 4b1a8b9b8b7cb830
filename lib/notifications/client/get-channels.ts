import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { notificationKeys } from "@/lib/notifications/client/query-keys";
import { channelListSchema, type ChannelList } from "@/lib/notifications/schemas";

// GET /api/notification-channels — every channel, the environment's first (admins only).

export function fetchChannels(signal?: AbortSignal): Promise<ChannelList> {
  return fetchJson("/api/notification-channels", channelListSchema, { signal });
}

export function getChannelsQueryOptions() {
  return queryOptions({ queryKey: notificationKeys.channels(), queryFn: ({ signal }) => fetchChannels(signal) });
}

export function useChannels() {
  return useQuery(getChannelsQueryOptions());
}
