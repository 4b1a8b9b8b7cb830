import { MAX_DESCRIPTION_LENGTH } from "@/lib/backups/limits";
import type { ServerBackupSummary } from "@/lib/backups/server-summary";

// The create dialog's checks, run before anything is sent. The route handler checks again. Each
// problem is a message of the "CreateBackup" catalog namespace and its values: the dialog words it
// in the page's language (describeFormError).

export interface CreateBackupForm {
  /** The select's value: "" until a server is chosen. */
  serverId: string;
  description: string;
}

export type CreateBackupFormError =
  | { key: "errorChooseServer" }
  | { key: "errorQuotaFull"; values: { server: string; count: number; limit: number } }
  | { key: "errorDescriptionTooLong"; values: { length: number; limit: number } };

export interface CreateBackupFormErrors {
  serverId?: CreateBackupFormError;
  description?: CreateBackupFormError;
}

/** A translator of the "CreateBackup" namespace (next-intl's `useTranslations("CreateBackup")`). */
export type CreateBackupTranslator = (
  key: CreateBackupFormError["key"],
  values?: Record<string, string | number>,
) => string;

/** A problem in words. */
export function describeFormError(t: CreateBackupTranslator, error: CreateBackupFormError): string {
  return "values" in error ? t(error.key, error.values) : t(error.key);
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
  if (!server) errors.serverId = { key: "errorChooseServer" };
  else if (server.summary.quotaFull) {
    errors.serverId = {
      key: "errorQuotaFull",
      values: { server: server.name, count: server.summary.manualCount, limit: server.summary.manualLimit },
    };
  }
  // UTF-16 length, as the route handler's zod check counts it.
  const length = form.description.length;
  if (length > MAX_DESCRIPTION_LENGTH) {
    errors.description = { key: "errorDescriptionTooLong", values: { length, limit: MAX_DESCRIPTION_LENGTH } };
  }
  return errors;
}

export function hasErrors(errors: CreateBackupFormErrors): boolean {
  return errors.serverId !== undefined || errors.description !== undefined;
}
