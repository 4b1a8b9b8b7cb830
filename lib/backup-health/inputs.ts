import * as z from "zod";
import { MAX_LATE_AFTER_HOURS, MIN_LATE_AFTER_HOURS } from "@/lib/backup-health/schemas";
import { idParamSchema } from "@/lib/http/ids";

// What the freshness-policy routes accept (full zod, server-side; the browser imports types only).

const hours = z
  .number({ error: "late_after_hours must be a whole number of hours" })
  .int({ error: "late_after_hours must be a whole number of hours" })
  .min(MIN_LATE_AFTER_HOURS, { error: `late_after_hours must be at least ${MIN_LATE_AFTER_HOURS}` })
  .max(MAX_LATE_AFTER_HOURS, { error: `late_after_hours must be at most ${MAX_LATE_AFTER_HOURS} (30 days)` });

/** PUT /api/freshness-policy: the threshold for all servers. */
export const allServersPolicyInputSchema = z.strictObject({ late_after_hours: hours });
export type AllServersPolicyInput = z.input<typeof allServersPolicyInputSchema>;

/** PUT /api/servers/{serverId}/freshness-policy: a server's own threshold (null: the one for all), or its checks off. */
export const serverPolicyInputSchema = z.strictObject({
  late_after_hours: hours.nullable(),
  checks: z.boolean({ error: "checks must be true or false" }),
});
export type ServerPolicyInput = z.input<typeof serverPolicyInputSchema>;

export const serverPolicyPathSchema = z.strictObject({ serverId: idParamSchema("serverId") });
