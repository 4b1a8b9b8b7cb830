import type { QueryClient } from "@tanstack/react-query";
import { toast } from "sonner";
import { protectBackup } from "@/lib/backups/client/protect-backup";
import type { Backup } from "@/lib/backups/schemas";
import type { ShownErrorText } from "@/lib/http/client/error-text";

// A row's Protect / Unprotect, and the toast that says how it went: loaded on the first click
// (components/backup-table.tsx), not with the page.

interface ToggleProtection {
  queryClient: QueryClient;
  backup: Backup;
  wanted: boolean;
  /** The "BackupTable" messages. */
  t: (key: string, values?: Record<string, string | number>) => string;
  errorText: (error: Error) => ShownErrorText;
}

export async function toggleProtection({ queryClient, backup, wanted, t, errorText }: ToggleProtection) {
  const server = backup.server.name;
  try {
    await protectBackup(queryClient, { backupId: backup.id, protected: wanted });
    toast.success(t(wanted ? "toastProtected" : "toastUnprotected", { server }));
  } catch (error) {
    const { text, detail } = errorText(error instanceof Error ? error : new Error(String(error)));
    toast.error(t(wanted ? "protectFailed" : "unprotectFailed", { server }), {
      description: detail ? `${text} ${detail}` : text,
    });
  }
}
