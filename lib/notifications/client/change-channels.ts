import { useMutation, useQueryClient } from "@tanstack/react-query";
import * as z from "zod/mini";
import { fetchJson, fetchNoContent } from "@/lib/http/client/fetch-json";
import { notificationKeys } from "@/lib/notifications/client/query-keys";
import type { AddChannelInput, ChannelChange } from "@/lib/notifications/inputs";
import {
  channelSummarySchema,
  createdChannelSchema,
  type ChannelSummary,
  type CreatedChannel,
} from "@/lib/notifications/schemas";

// The admin page's changes (admins only): POST /api/notification-channels, PATCH and DELETE
// /api/notification-channels/{id}, POST …/{id}/test and POST /api/notification-deliveries/{id}/retry.
// Each invalidates every notification query: the channels and the delivery logs.

const channelPath = (id: string) => `/api/notification-channels/${encodeURIComponent(id)}`;

export function sendAddChannel(input: AddChannelInput): Promise<CreatedChannel> {
  return fetchJson("/api/notification-channels", createdChannelSchema, { method: "POST", body: input });
}

export function sendUpdateChannel({ id, change }: { id: string; change: ChannelChange }): Promise<ChannelSummary> {
  return fetchJson(channelPath(id), channelSummarySchema, { method: "PATCH", body: change });
}

export function sendDeleteChannel(id: string): Promise<void> {
  return fetchNoContent(channelPath(id), { method: "DELETE" });
}

const testAnswerSchema = z.object({ notificationId: z.string() });

export function sendTestNotification(id: string): Promise<{ notificationId: string }> {
  return fetchJson(`${channelPath(id)}/test`, testAnswerSchema, { method: "POST" });
}

export function sendRetryDelivery(id: number): Promise<void> {
  return fetchNoContent(`/api/notification-deliveries/${id}/retry`, { method: "POST" });
}

function useNotificationMutation<I, O>(mutationFn: (input: I) => Promise<O>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn,
    onSettled: () => queryClient.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export const useAddChannel = () => useNotificationMutation(sendAddChannel);
export const useUpdateChannel = () => useNotificationMutation(sendUpdateChannel);
export const useDeleteChannel = () => useNotificationMutation(sendDeleteChannel);
export const useTestNotification = () => useNotificationMutation(sendTestNotification);
export const useRetryDelivery = () => useNotificationMutation(sendRetryDelivery);
