import "server-only";
import { envChannelIds, type ChannelKind, type ChannelLocale } from "@/lib/notifications/kinds";
import { notifyConfig } from "@/lib/notifications/server/notify-env";

// Channels declared in the environment (NOTIFY_WEBHOOK_URL, NOTIFY_SLACK_WEBHOOK_URL, SMTP_URL with
// NOTIFY_EMAIL_TO): they receive every rule, in NOTIFY_LOCALE, and the admin page shows them read-only.

export interface EnvChannel {
  id: string;
  kind: ChannelKind;
  name: string;
  /** What may be shown (the webhook's URL, the address); null for Slack. */
  target: string | null;
  locale: ChannelLocale;
  /** The webhook's signing secret or Slack's URL; never leaves the server. */
  secret: string | null;
}

export function envChannels(): EnvChannel[] {
  const config = notifyConfig();
  const channels: EnvChannel[] = [];
  if (config.webhook)
    channels.push({
      id: envChannelIds.webhook,
      kind: "webhook",
      name: "NOTIFY_WEBHOOK_URL",
      target: config.webhook.url,
      locale: config.locale,
      secret: config.webhook.secret,
    });
  if (config.slack)
    channels.push({
      id: envChannelIds.slack,
      kind: "slack",
      name: "NOTIFY_SLACK_WEBHOOK_URL",
      target: null,
      locale: config.locale,
      secret: config.slack.url,
    });
  if (config.smtp && config.emailTo)
    channels.push({
      id: envChannelIds.email,
      kind: "email",
      name: "NOTIFY_EMAIL_TO",
      target: config.emailTo,
      locale: config.locale,
      secret: null,
    });
  return channels;
}
