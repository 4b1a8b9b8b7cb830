import { defineRoute } from "@/lib/api/route";
import { backupPathSchema } from "@/lib/backups/schemas";
import { deleteBackup } from "@/lib/vpsorg/delete-backup";
import { vpsorg } from "@/lib/vpsorg/server";

// DELETE /api/backups/[backupId] – delete a backup, permanently
export const DELETE = defineRoute({ params: backupPathSchema }, async ({ params }) => {
  await deleteBackup(vpsorg(), params.backupId);
  return new Response(null, { status: 204, headers: { "Cache-Control": "no-store" } });
});
