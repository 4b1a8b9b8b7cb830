import { defineRoute, json } from "@/lib/api/route";
import { findBackup } from "@/lib/backups/server/account-backups";
import { restoreInputSchema, restorePathSchema } from "@/lib/servers/inputs";
import { restoreResultSchema } from "@/lib/servers/schemas";
import { startRestore } from "@/lib/servers/server/start-restore";
import { foldAfterChange } from "@/lib/watcher/snapshot";

// POST /api/servers/[serverId]/restore – overwrite a server's disk with one of its backups; audited before and after VPS.org is asked
export const POST = defineRoute(
  { permission: { server: ["restore"] }, audit: "server.restore", params: restorePathSchema, body: restoreInputSchema },
  async ({ store, upstream, session, audited, params, body }) => {
    const backup = await findBackup(upstream, body.backup_id);
    const result = await audited(
      {
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
      () => startRestore(upstream, params.serverId, body.backup_id),
    );
    await foldAfterChange(store.db, {
      kind: "restoring",
      serverId: params.serverId,
      actorEmail: session.user.email,
      backupId: body.backup_id,
    });
    return json(restoreResultSchema, result);
  },
);
