import { MAX_DESCRIPTION_LENGTH } from "@/lib/backups/limits";
import type { ServerBackupSummary } from "@/lib/backups/server-summary";

// The create dialog's checks, run before anything is sent. The route handler checks again.

export interface CreateBackupForm {
  /** The select's value: "" until a server is chosen. */
  serverId: string;
  description: string;
}

export interface CreateBackupFormErrors {
  serverId?: string;
  description?: string;
}

export function validateCreateBackupForm(
  form: CreateBackupForm,
  servers: ReadonlyMap<
    number,
    { name: string; summary: Pick<ServerBackupSummary, "manualCount" | "manualLimit" | "quotaFull"> }
  >,
): CreateBackupFormErrors {
  const errors: CreateBackupFormErrors = {};
  const server = form.serverId === "" ? undefined : servers.get(Number(form.serverId));
  if (!server) errors.serverId = "Choose the server to back up.";
  else if (server.summary.quotaFull) {
    errors.serverId = `${server.name} already has ${server.summary.manualCount} of ${server.summary.manualLimit} manual backups. Delete one of them first.`;
  }
  // UTF-16 length, as the route handler's zod check counts it.
  const length = form.description.length;
  if (length > MAX_DESCRIPTION_LENGTH) {
    errors.description = `The description is ${length} characters long; the limit is ${MAX_DESCRIPTION_LENGTH}.`;
  }
  return errors;
}

export function hasErrors(errors: CreateBackupFormErrors): boolean {
  return errors.serverId !== undefined || errors.description !== undefined;
}
