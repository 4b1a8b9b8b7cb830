import "server-only";
import type { CreateBackupInput, CreatedBackup } from "@/lib/backups/schemas";
import { VpsorgError } from "@/lib/vpsorg/errors";
import { upstreamCreatedBackupSchema } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** POST /backups/ — starts a manual backup; the provider answers with it, in progress, and a message. */
export async function createBackup(vpsorg: VpsorgTransport, input: CreateBackupInput): Promise<CreatedBackup> {
  const body = input.description === undefined ? { server_id: input.server_id } : input;
  const response = await vpsorg.send({ method: "POST", path: "/backups/", body });
  const parsed = upstreamCreatedBackupSchema.safeParse(response.body);
  if (!parsed.success) {
    // The backup may well exist: say so rather than invite a second click.
    throw new VpsorgError({
      kind: "malformed",
      status: response.status,
      message: "VPS.org accepted the backup but its answer could not be read; refresh the list to see it.",
    });
  }
  return parsed.data;
}
