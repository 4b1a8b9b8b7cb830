import type { BackupFilters } from "@/lib/backups/inputs";

// General to specific: invalidating `backupKeys.all` refreshes every filtered list.
export const backupKeys = {
  all: ["backups"] as const,
  lists: () => [...backupKeys.all, "list"] as const,
  list: (filters: BackupFilters) => [...backupKeys.lists(), filters] as const,
};
