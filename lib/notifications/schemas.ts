import * as z from "zod/mini";
import { channelKinds, channelLocales, notificationKinds } from "@/lib/notifications/kinds";

// Channels and their deliveries as /api/notification-channels answers them: parsed by the routes
// before they are sent (no secret has a field here, so none can leave) and checked by the browser.

export const channelSummarySchema = z.object({
  /** A stored channel's number as text, or "env:webhook" … for one declared in the environment. */
  id: z.string(),
  name: z.string(),
  kind: z.enum(channelKinds),
  /** The webhook's URL or the email address; null for Slack, whose URL is a secret. */
  target: z.nullable(z.string()),
  locale: z.enum(channelLocales),
  paused: z.boolean(),
  fromEnvironment: z.boolean(),
  /** ISO 8601 UTC; null for the environment's. */
  createdAt: z.nullable(z.string()),
});
export type ChannelSummary = z.infer<typeof channelSummarySchema>;

export const channelListSchema = z.object({
  results: z.array(channelSummarySchema),
  /** Whether SMTP_URL is set: email channels can only be added then. */
  emailAvailable: z.boolean(),
});
export type ChannelList = z.infer<typeof channelListSchema>;

/** The answer to adding a channel: the webhook's signing secret, shown this once. */
export const createdChannelSchema = z.object({
  channel: channelSummarySchema,
  secret: z.nullable(z.string()),
});
export type CreatedChannel = z.infer<typeof createdChannelSchema>;

export const deliveryStates = ["pending", "delivered", "failed"] as const;

export const deliverySchema = z.object({
  id: z.int(),
  notificationId: z.string(),
  kind: z.enum(notificationKinds),
  /** ISO 8601 UTC: when it happened. */
  at: z.string(),
  serverName: z.nullable(z.string()),
  state: z.enum(deliveryStates),
  attempts: z.int(),
  /** The latest attempt's HTTP status (webhook, Slack) or SMTP reply code (email). */
  lastStatus: z.nullable(z.int()),
  /** The latest attempt's answer, shortened: the SMTP reply, or why it failed. */
  lastAnswer: z.nullable(z.string()),
  lastAttemptAt: z.nullable(z.string()),
  nextAttemptAt: z.nullable(z.string()),
});
export type Delivery = z.infer<typeof deliverySchema>;

export const deliveryListSchema = z.object({ results: z.array(deliverySchema) });
export type DeliveryList = z.infer<typeof deliveryListSchema>;

/** POST /api/notification-channels/{id}/test: the test message queued. */
export const testAnswerSchema = z.object({ notificationId: z.string() });
