import { audited } from "@/lib/api/audited";
import { defineRoute } from "@/lib/api/route";
import { backupPathSchema } from "@/lib/backups/schemas";
import { getStore } from "@/lib/db/store";
import { deleteBackup } from "@/lib/vpsorg/delete-backup";
import { findBackup } from "@/lib/vpsorg/find-backup";
import { vpsorg } from "@/lib/vpsorg/server";

// DELETE /api/backups/[backupId] – delete a backup, permanently; audited before and after VPS.org is asked
export const DELETE = defineRoute(
  { permission: { backup: ["delete"] }, params: backupPathSchema },
  async ({ session, ip, params }) => {
    const backup = await findBackup(vpsorg(), params.backupId);
    await audited(
      {
        store: await getStore(),
        session,
        ip,
        action: "backup.delete",
        target: {
          backupId: params.backupId,
          serverId: backup?.server.id,
          serverName: backup?.server.name,
          description: backup?.description || undefined,
        },
        done: "The backup was deleted",
      },
      () => deleteBackup(vpsorg(), params.backupId),
    );
    return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
  },
);
