import "server-only";
import { VpsorgError, readAnswer } from "@/lib/vpsorg/errors";
import { neverSent } from "@/lib/vpsorg/retry-policy";
import { upstreamCreatedBackupSchema, type UpstreamCreatedBackup } from "@/lib/vpsorg/schemas";
import type { VpsorgTransport } from "@/lib/vpsorg/transport";

/** The provider's body of POST /backups/. */
export interface UpstreamCreateBackupInput {
  server_id: number;
  description?: string;
}

/** POST /backups/ — starts a manual backup; the provider answers with it, in progress, and a message. */
export async function createBackup(
  vpsorg: VpsorgTransport,
  input: UpstreamCreateBackupInput,
): Promise<UpstreamCreatedBackup> {
  const body = input.description === undefined ? { server_id: input.server_id } : input;
  const response = await vpsorg.send({ method: "POST", path: "/backups/", body }).catch((error: unknown) => {
    throw mayHaveCreated(error);
  });
  // The backup may well exist: say so rather than invite a second click.
  return readAnswer(
    upstreamCreatedBackupSchema,
    response,
    "VPS.org accepted the backup but its answer could not be read; refresh the list to see it.",
  );
}

/** No answer to a create that may have reached VPS.org: the backup may exist, so say so before a retry makes a second one. */
function mayHaveCreated(error: unknown): unknown {
  if (!(error instanceof VpsorgError) || !(error.kind === "timeout" || (error.kind === "network" && !neverSent(error))))
    return error;
  return new VpsorgError({
    kind: error.kind,
    message: `${error.message} The backup may have been created anyway: check the list before trying again.`,
    networkCode: error.networkCode,
    cause: error,
  });
}
