import { useTranslations } from "next-intl";
import { StatusBadge, type StatusLook } from "@/components/status-badge";
import { COMPLETED, FAILED, IN_PROGRESS } from "@/lib/backups/backup-status";

const backupLooks: Record<string, Omit<StatusLook, "label">> = {
  [IN_PROGRESS]: { tone: "blue", marker: "spinner" },
  [COMPLETED]: { tone: "green", marker: "dot" },
  [FAILED]: { tone: "red", marker: "dot" },
};

/** A backup's status in words (the "Status" messages) and colour; a status the provider adds later is shown as it is. */
export function BackupStatusBadge({ status }: { status: string }) {
  const t = useTranslations("Status");
  const looks: Record<string, StatusLook> = Object.hasOwn(backupLooks, status)
    ? { [status]: { ...backupLooks[status]!, label: t("backup", { status }) } }
    : {};
  return <StatusBadge status={status} looks={looks} />;
}
