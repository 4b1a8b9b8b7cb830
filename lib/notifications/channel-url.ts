import * as z from "zod";

// A channel's URL (a webhook's, Slack's incoming webhook): http(s) only, no user or password in it,
// and https only in production unless the operator allows plain http (NOTIFY_ALLOW_HTTP=1).

export interface UrlPolicy {
  /** Only https: NODE_ENV=production without NOTIFY_ALLOW_HTTP=1. */
  httpsOnly: boolean;
}

export function channelUrlSchema({ httpsOnly }: UrlPolicy) {
  return (
    z
      .string({ error: "must be a URL" })
      .trim()
      .max(2000, { error: "must be at most 2000 characters" })
      .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }))
      // zod runs these after a failed URL check too: one that does not parse is already refused.
      .refine((value) => {
        const url = URL.canParse(value) ? new URL(value) : null;
        return url === null || (url.username === "" && url.password === "");
      }, "must not hold a user name or password")
      .refine((value) => !httpsOnly || !URL.canParse(value) || new URL(value).protocol === "https:", {
        error: "must be an https URL (set NOTIFY_ALLOW_HTTP=1 to allow http)",
      })
  );
}
