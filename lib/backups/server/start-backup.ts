import "server-only";
import type { CreateBackupInput } from "@/lib/backups/inputs";
import type { CreatedBackup } from "@/lib/backups/schemas";
import { toCreatedBackup } from "@/lib/backups/server/account-backups";
import { createBackup } from "@/lib/vpsorg/create-backup";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** Asks VPS.org for a manual backup; answers it in the dashboard's shape (in progress, with the provider's message). */
export async function startBackup(upstream: VpsorgTransport, input: CreateBackupInput): Promise<CreatedBackup> {
  return toCreatedBackup(await createBackup(upstream, input));
}
