import { defineRoute, json } from "@/lib/api/route";
import { restoreInputSchema, restorePathSchema, restoreResultSchema } from "@/lib/servers/schemas";
import { restoreServer } from "@/lib/vpsorg/restore-server";
import { vpsorg } from "@/lib/vpsorg/server";

// POST /api/servers/[serverId]/restore – overwrite a server's disk with one of its backups
export const POST = defineRoute({ params: restorePathSchema, body: restoreInputSchema }, async ({ params, body }) => {
  const result = await restoreServer(vpsorg(), params.serverId, body.backup_id);
  return json(restoreResultSchema, result);
});
