export const notificationKeys = {
  all: ["notifications"] as const,
  channels: () => [...notificationKeys.all, "channels"] as const,
  deliveries: (channelId: string) => [...notificationKeys.all, "deliveries", channelId] as const,
};
