import * as z from "zod";
import { idNumberSchema, idParamSchema } from "@/lib/http/ids";

export const serverSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  // null when the server is known only from its backups (the token may not read the Servers API).
  status: z.string().nullable(),
  hostname: z.string().nullable(),
  ip_address: z.string().nullable(),
  location: z.string().nullable(),
  plan: z.string().nullable(),
  os: z.string().nullable(),
});
export type Server = z.infer<typeof serverSchema>;

export const serverListSchema = z.object({
  count: z.number().int().nonnegative(),
  results: z.array(serverSchema),
  /** `provider`: from VPS.org's Servers API; `backups`: derived from the backups list, because the token may not read servers. */
  source: z.enum(["provider", "backups"]),
  notice: z.string().nullable(),
});
export type ServerList = z.infer<typeof serverListSchema>;

export const restoreInputSchema = z.strictObject({ backup_id: idNumberSchema("backup_id") });
export type RestoreInput = z.infer<typeof restoreInputSchema>;

export const restorePathSchema = z.strictObject({ serverId: idParamSchema("serverId") });

export const restoreResultSchema = z.object({
  status: z.literal("success"),
  message: z.string(),
  server: z.object({
    id: z.number().int(),
    name: z.string().nullable(),
    status: z.string().nullable(),
  }),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;
