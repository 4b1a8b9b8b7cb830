import "server-only";
import { lastActorsFor } from "@/lib/audit/server/audit-log";
import { protectionsOf } from "@/lib/backups/server/protection";
import type { Backup, BackupActor, ListedBackup } from "@/lib/backups/schemas";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";

/**
 * The provider's backups with who created them and who last restored from them through the dashboard,
 * and who protected them.
 */
export async function withActors(db: Kysely<Database>, backups: Backup[]): Promise<ListedBackup[]> {
  const actors = await lastActorsFor(
    db,
    backups.map((backup) => backup.id),
  );
  const protections = await protectionsOf(
    db,
    backups.map((backup) => backup.id),
  );
  const actor = (who: { email: string | null; at: string } | undefined): BackupActor | null =>
    who ? { email: who.email, at: who.at } : null;
  return backups.map((backup) => {
    const known = actors.get(String(backup.id));
    const created = actor(known?.created);
    const via = known?.created?.via;
    // A backup a schedule made names the schedule beside who set it up.
    if (created && via?.kind === "schedule") created.schedule = { id: via.id, name: via.name };
    const protection = protections.get(backup.id);
    return {
      ...backup,
      created_by: created,
      restored_by: actor(known?.restored),
      protected_by: protection ? { email: protection.email, at: protection.at } : null,
    };
  });
}
