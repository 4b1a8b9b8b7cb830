import * as z from "zod/mini";
import { serverHealthSchema } from "@/lib/backup-health/schemas";
import { pictureFreshnessShape } from "@/lib/backups/schemas";

// The dashboard's server shapes as /api answers them: the one definition of each, for the route
// handlers and the browser (zod/mini, small in the page's bundle). The request shapes are in ./inputs.ts.

export const serverSchema = z.object({
  id: z.int(),
  name: z.string(),
  // null when the server is known only from its backups (the token may not read the Servers API).
  status: z.nullable(z.string()),
  hostname: z.nullable(z.string()),
  ip_address: z.nullable(z.string()),
  location: z.nullable(z.string()),
  plan: z.nullable(z.string()),
  os: z.nullable(z.string()),
  /**
   * Its backup health (lib/backup-health): in answers from the watcher's picture; absent when the
   * list was read from VPS.org directly (nobody watches).
   */
  health: z.optional(serverHealthSchema),
});
export type Server = z.infer<typeof serverSchema>;

export const serverListSchema = z.object({
  count: z.int().check(z.nonnegative()),
  results: z.array(serverSchema),
  /** `provider`: from VPS.org's Servers API; `backups`: derived from the backups list, because the token may not read servers. */
  source: z.enum(["provider", "backups"]),
  notice: z.nullable(z.string()),
  ...pictureFreshnessShape,
});
export type ServerList = z.infer<typeof serverListSchema>;
/** The servers as the watcher reads them from VPS.org and keeps them in its picture. */
export type ProviderServerList = Omit<ServerList, keyof typeof pictureFreshnessShape>;

export const restoreResultSchema = z.object({
  status: z.literal("success"),
  message: z.string(),
  server: z.object({
    id: z.int(),
    name: z.nullable(z.string()),
    status: z.nullable(z.string()),
  }),
});
export type RestoreResult = z.infer<typeof restoreResultSchema>;

/** The status VPS.org gives a server while a restore overwrites its disk. */
export const RESTORING = "restoring";
