import { defineRoute } from "@/lib/api/route";
import { backupPathSchema } from "@/lib/backups/inputs";
import { deleteBackup, findBackup } from "@/lib/backups/server/account-backups";
import { foldAfterChange } from "@/lib/watcher/snapshot";

// DELETE /api/backups/[backupId] – delete a backup, permanently; audited before and after VPS.org is asked
export const DELETE = defineRoute(
  { permission: { backup: ["delete"] }, audit: "backup.delete", params: backupPathSchema },
  async ({ store, upstream, session, audited, params }) => {
    const backup = await findBackup(upstream, params.backupId);
    await audited(
      {
        action: "backup.delete",
        target: {
          backupId: params.backupId,
          serverId: backup?.server.id,
          serverName: backup?.server.name,
          description: backup?.description || undefined,
        },
        done: "The backup was deleted",
      },
      () => deleteBackup(upstream, params.backupId),
    );
    await foldAfterChange(store.db, { kind: "deleted", backupId: params.backupId, actorEmail: session.user.email });
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);
