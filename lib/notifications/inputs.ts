import * as z from "zod";
import { channelLocales } from "@/lib/notifications/kinds";

// What the notification routes accept (full zod on the server; the admin page imports the types only).
// The channel's URL is checked again on the server with the deployment's policy (channel-url.ts).

const name = z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(100);
const locale = z.enum(channelLocales, { error: 'must be "en" or "vi"' }).default("en");
const url = z.string({ error: "is required" }).trim().min(1, { error: "is required" }).max(2000);

export const addChannelInputSchema = z.discriminatedUnion(
  "kind",
  [
    z.strictObject({
      kind: z.literal("webhook"),
      name,
      locale,
      url,
      /** Optional: a `whsec_…` secret of the receiver's; otherwise one is made and shown once. */
      secret: z
        .string()
        .trim()
        .regex(/^whsec_[A-Za-z0-9+/=]{24,200}$/, {
          error: "must be whsec_ followed by base64 (at least 24 characters)",
        })
        .optional(),
    }),
    z.strictObject({ kind: z.literal("slack"), name, locale, url }),
    z.strictObject({
      kind: z.literal("email"),
      name,
      locale,
      to: z.email({ error: "must be an email address" }).max(320),
    }),
  ],
  { error: 'kind must be "webhook", "slack" or "email"' },
);
export type AddChannelInput = z.input<typeof addChannelInputSchema>;

export const updateChannelInputSchema = z
  .strictObject({
    name: name.optional(),
    paused: z.boolean({ error: "paused must be true or false" }).optional(),
  })
  .refine((input) => input.name !== undefined || input.paused !== undefined, {
    error: "send name or paused",
  });
export type ChannelChange = z.input<typeof updateChannelInputSchema>;

export const channelPathSchema = z.strictObject({
  channelId: z.string().regex(/^[1-9][0-9]{0,15}$/, { error: "channelId must be a channel number" }),
});

export const deliveriesPathSchema = z.strictObject({
  channelId: z.string().regex(/^([1-9][0-9]{0,15}|env:(webhook|slack|email))$/, {
    error: "channelId must be a channel number or env:webhook, env:slack, env:email",
  }),
});

export const deliveryPathSchema = z.strictObject({
  deliveryId: z.string().regex(/^[1-9][0-9]{0,15}$/, { error: "deliveryId must be a delivery number" }),
});
