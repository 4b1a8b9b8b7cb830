import { defineRoute, json } from "@/lib/api/route";
import { backupPathSchema, protectionInputSchema } from "@/lib/backups/inputs";
import { protectionStateSchema } from "@/lib/backups/schemas";
import { listedBackup } from "@/lib/backups/server/load-backup-list";
import { setProtection } from "@/lib/backups/server/protection";
import { ApiError } from "@/lib/http/server/api-error";
import { foldAfterChange } from "@/lib/watcher/snapshot";

// PUT /api/backups/[backupId]/protection – protect or unprotect a backup ({protected}): the dashboard then refuses to delete it (a person, retention); whoever may delete may; audited; VPS.org does not know of it
export const PUT = defineRoute(
  { permission: { backup: ["delete"] }, params: backupPathSchema, body: protectionInputSchema },
  async ({ store, upstream, session, ip, params, body }) => {
    const backup = await listedBackup(store, upstream, params.backupId);
    if (!backup) throw new ApiError("not_found", `There is no backup ${params.backupId} in the account.`);
    const { state, changed } = await setProtection(
      store.db,
      { actor: { id: session.user.id, email: session.user.email }, ip },
      backup,
      body.protected,
    );
    if (changed)
      await foldAfterChange(store.db, { kind: "protection", backupId: backup.id, actorEmail: session.user.email });
    return json(protectionStateSchema, state);
  },
);
