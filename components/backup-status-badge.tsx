import { StatusBadge, type StatusLook } from "@/components/status-badge";
import { COMPLETED, FAILED, IN_PROGRESS } from "@/lib/backups/backup-status";

const backupLooks: Record<string, StatusLook> = {
  [IN_PROGRESS]: { tone: "blue", marker: "spinner", label: "In progress" },
  [COMPLETED]: { tone: "green", marker: "dot", label: "Completed" },
  [FAILED]: { tone: "red", marker: "dot", label: "Failed" },
};

/** A backup's status in words and colour; a status the provider adds later is shown as it is. */
export function BackupStatusBadge({ status }: { status: string }) {
  return <StatusBadge status={status} looks={backupLooks} />;
}
