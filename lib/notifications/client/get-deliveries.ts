import { queryOptions, useQuery } from "@tanstack/react-query";
import { fetchJson } from "@/lib/http/client/fetch-json";
import { notificationKeys } from "@/lib/notifications/client/query-keys";
import { deliveryListSchema, type DeliveryList } from "@/lib/notifications/schemas";

// GET /api/notification-channels/{id}/deliveries — a channel's latest deliveries (admins only).

export function fetchDeliveries(channelId: string, signal?: AbortSignal): Promise<DeliveryList> {
  return fetchJson(`/api/notification-channels/${encodeURIComponent(channelId)}/deliveries`, deliveryListSchema, {
    signal,
  });
}

/** Polls while a delivery still waits, and stops by itself once every one is settled. */
export function getDeliveriesQueryOptions(channelId: string) {
  return queryOptions({
    queryKey: notificationKeys.deliveries(channelId),
    queryFn: ({ signal }) => fetchDeliveries(channelId, signal),
    refetchInterval: (query) =>
      query.state.data?.results.some((delivery) => delivery.state === "pending") ? 2_000 : false,
  });
}

export function useDeliveries(channelId: string) {
  return useQuery(getDeliveriesQueryOptions(channelId));
}
