import type { BackupActor } from "@/lib/backups/schemas";
import { nullable, object, string, type Reader } from "@/lib/http/json-shape";

// The browser's check of `created_by` / `restored_by` in the list (see listedBackupSchema).

const readBackupActor: Reader<BackupActor> = object({ email: nullable(string), at: string });

export const backupActorsShape = {
  created_by: nullable(readBackupActor),
  restored_by: nullable(readBackupActor),
};
