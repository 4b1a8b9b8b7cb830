import "server-only";
import { lastActorsFor } from "@/lib/audit/server/audit-log";
import type { Backup, BackupActor, ListedBackup } from "@/lib/backups/schemas";
import type { Kysely } from "kysely";
import type { Database } from "@/lib/db/schema";

/** The provider's backups with who created them and who last restored from them through the dashboard. */
export async function withActors(db: Kysely<Database>, backups: Backup[]): Promise<ListedBackup[]> {
  const actors = await lastActorsFor(
    db,
    backups.map((backup) => backup.id),
  );
  const actor = (who: { email: string | null; at: string } | undefined): BackupActor | null =>
    who ? { email: who.email, at: who.at } : null;
  return backups.map((backup) => {
    const known = actors.get(String(backup.id));
    return { ...backup, created_by: actor(known?.created), restored_by: actor(known?.restored) };
  });
}
