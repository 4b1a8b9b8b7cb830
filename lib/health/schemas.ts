import * as z from "zod";

export const healthSchema = z.object({
  status: z.enum(["ok", "degraded"]),
  mode: z.enum(["simulator", "provider"]),
  provider: z.object({
    reachable: z.boolean(),
    tokenAccepted: z.boolean().nullable(), // null when the provider could not be asked
    tokenName: z.string().nullable(),
    permissions: z.array(z.string()),
    account: z.object({ email: z.string().nullable(), company: z.string().nullable() }).nullable(),
    error: z.string().nullable(),
  }),
  checkedAt: z.string(),
});
export type Health = z.infer<typeof healthSchema>;
