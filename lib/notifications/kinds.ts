// What the dashboard notifies about, and where it can send it: the one list, shared by the outbox,
// the messages (messages/*.json, "Notifications") and the admin page.

export const notificationKinds = [
  "backup.failed",
  "restore.finished",
  "restore.failed",
  "quota.near",
  "quota.full",
  "provider.down",
  "provider.recovered",
  "server.late",
  "server.never",
  "health.report",
  "schedule.failed",
  "test",
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export const channelKinds = ["webhook", "slack", "email"] as const;
export type ChannelKind = (typeof channelKinds)[number];

export const channelLocales = ["en", "vi"] as const;
export type ChannelLocale = (typeof channelLocales)[number];

/** Channels declared in the environment, by the id their deliveries name. */
export const envChannelIds = { webhook: "env:webhook", slack: "env:slack", email: "env:email" } as const;
