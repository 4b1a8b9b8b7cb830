import "server-only";
import * as z from "zod";
import { ConfigError } from "@/lib/config/env-schema";
import { optionalText, wholeNumberOr } from "@/lib/config/env-vars";
import { channelUrlSchema } from "@/lib/notifications/channel-url";
import { channelLocales, type ChannelLocale } from "@/lib/notifications/kinds";

// The notifications' variables, parsed with zod like lib/config/env-schema.ts: a bad one stops start-up
// with its name (instrumentation-node.ts); secrets are never echoed.

function notifyEnvSchema(httpsOnly: boolean) {
  const url = optionalText.pipe(channelUrlSchema({ httpsOnly }).optional());
  return z
    .object({
      NOTIFY_WEBHOOK_URL: url,
      NOTIFY_WEBHOOK_SECRET: optionalText.pipe(
        z
          .string()
          .regex(/^whsec_[A-Za-z0-9+/=]{24,200}$/, {
            error: "must be whsec_ followed by base64 (at least 24 characters)",
          })
          .optional(),
      ),
      NOTIFY_SLACK_WEBHOOK_URL: url,
      SMTP_URL: optionalText.pipe(
        z
          .url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587" })
          .optional(),
      ),
      NOTIFY_EMAIL_FROM: optionalText.pipe(z.email({ error: "must be an email address" }).optional()),
      NOTIFY_EMAIL_TO: optionalText.pipe(z.email({ error: "must be an email address" }).optional()),
      NOTIFY_LOCALE: optionalText
        .pipe(z.enum(channelLocales, { error: 'must be "en" or "vi"' }).optional())
        .transform((value): ChannelLocale => value ?? "en"),
      NOTIFY_PROVIDER_DOWN_MINUTES: wholeNumberOr(10, 1, 24 * 60),
      NOTIFY_TIMEOUT_MS: wholeNumberOr(10_000, 100, 120_000),
      NOTIFY_RETRY_BASE_MS: wholeNumberOr(10_000, 100, 3_600_000),
      NOTIFY_ALLOW_HTTP: optionalText.pipe(z.enum(["0", "1"], { error: 'must be "0" or "1"' }).optional()),
    })
    .superRefine((env, ctx) => {
      const need = (name: string, when: string) =>
        ctx.addIssue({ code: "custom", path: [name], message: `is required ${when}` });
      if (env.NOTIFY_WEBHOOK_URL && !env.NOTIFY_WEBHOOK_SECRET)
        need("NOTIFY_WEBHOOK_SECRET", "when NOTIFY_WEBHOOK_URL is set");
      if (env.NOTIFY_WEBHOOK_SECRET && !env.NOTIFY_WEBHOOK_URL)
        need("NOTIFY_WEBHOOK_URL", "when NOTIFY_WEBHOOK_SECRET is set");
      if (env.NOTIFY_EMAIL_TO && !env.SMTP_URL) need("SMTP_URL", "when NOTIFY_EMAIL_TO is set");
      if (env.SMTP_URL && !env.NOTIFY_EMAIL_FROM) need("NOTIFY_EMAIL_FROM", "when SMTP_URL is set");
    });
}

export interface NotifyConfig {
  webhook: { url: string; secret: string } | null;
  slack: { url: string } | null;
  smtp: { url: string; from: string } | null;
  emailTo: string | null;
  locale: ChannelLocale;
  providerDownMs: number;
  timeoutMs: number;
  retryBaseMs: number;
  /** Channel URLs must be https (production without NOTIFY_ALLOW_HTTP=1). */
  httpsOnly: boolean;
}

/** Parses the notification variables; throws a ConfigError naming every bad one (never a value). */
export function parseNotifyEnv(source: Record<string, string | undefined>): NotifyConfig {
  const httpsOnly = source.NODE_ENV === "production" && source.NOTIFY_ALLOW_HTTP?.trim() !== "1";
  const result = notifyEnvSchema(httpsOnly).safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${String(issue.path[0] ?? "environment")} ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = result.data;
  return {
    webhook:
      env.NOTIFY_WEBHOOK_URL && env.NOTIFY_WEBHOOK_SECRET
        ? { url: env.NOTIFY_WEBHOOK_URL, secret: env.NOTIFY_WEBHOOK_SECRET }
        : null,
    slack: env.NOTIFY_SLACK_WEBHOOK_URL ? { url: env.NOTIFY_SLACK_WEBHOOK_URL } : null,
    smtp: env.SMTP_URL && env.NOTIFY_EMAIL_FROM ? { url: env.SMTP_URL, from: env.NOTIFY_EMAIL_FROM } : null,
    emailTo: env.NOTIFY_EMAIL_TO ?? null,
    locale: env.NOTIFY_LOCALE,
    providerDownMs: env.NOTIFY_PROVIDER_DOWN_MINUTES * 60_000,
    timeoutMs: env.NOTIFY_TIMEOUT_MS,
    retryBaseMs: env.NOTIFY_RETRY_BASE_MS,
    httpsOnly,
  };
}

let cached: NotifyConfig | undefined;

/** This process's configuration (parsed once; start-up has already refused a bad one). */
export function notifyConfig(): NotifyConfig {
  cached ??= parseNotifyEnv(process.env);
  return cached;
}
