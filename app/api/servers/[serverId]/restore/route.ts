import { audited } from "@/lib/api/audited";
import { defineRoute, json } from "@/lib/api/route";
import { getStore } from "@/lib/db/store";
import { restoreInputSchema, restorePathSchema, restoreResultSchema } from "@/lib/servers/schemas";
import { findBackup } from "@/lib/vpsorg/find-backup";
import { restoreServer } from "@/lib/vpsorg/restore-server";
import { vpsorg } from "@/lib/vpsorg/server";

// POST /api/servers/[serverId]/restore – overwrite a server's disk with one of its backups; audited before and after VPS.org is asked
export const POST = defineRoute(
  { permission: { server: ["restore"] }, params: restorePathSchema, body: restoreInputSchema },
  async ({ session, ip, params, body }) => {
    const backup = await findBackup(vpsorg(), body.backup_id);
    const result = await audited(
      {
        store: await getStore(),
        session,
        ip,
        action: "server.restore",
        target: {
          serverId: params.serverId,
          // The backup's own server name only if it is this server's: a mismatch is VPS.org's to refuse.
          serverName: backup?.server.id === params.serverId ? backup.server.name : undefined,
          backupId: body.backup_id,
          description: backup?.description || undefined,
        },
        learned: (restore) => (restore.server.name ? { serverName: restore.server.name } : {}),
        done: "The restore was started",
      },
      () => restoreServer(vpsorg(), params.serverId, body.backup_id),
    );
    return json(restoreResultSchema, result);
  },
);
