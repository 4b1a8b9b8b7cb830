import { defineRoute, revalidatableJson } from "@/lib/api/route";
import { loadServerList } from "@/lib/servers/server/load-server-list";
import { serverListSchema } from "@/lib/servers/schemas";

// GET /api/servers – the account's servers from the watcher's picture (snapshot_at, error); from the backups when the token may not read servers; ETag / 304
export const GET = defineRoute({ permission: { server: ["list"] } }, async ({ request, store, upstream }) =>
  revalidatableJson(request, serverListSchema, await loadServerList(store, upstream)),
);
