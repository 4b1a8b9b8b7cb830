import { useTranslations } from "next-intl";
import { StatusBadge, type StatusLook } from "@/components/status-badge";

const serverLooks: Record<string, StatusLook> = {
  active: { tone: "green" },
  stopped: { tone: "neutral" },
  suspended: { tone: "amber" },
  restoring: { tone: "blue", marker: "spinner" },
};

/**
 * A server's status as VPS.org reports it (in the words of the "Status" messages, which keep a
 * status they do not know as it is); `null` when the token may not read servers.
 */
export function ServerStatusBadge({ status }: { status: string | null }) {
  const t = useTranslations("Status");
  if (status === null) return <StatusBadge status={t("serverUnknown")} looks={{}} />;
  const look: StatusLook = Object.hasOwn(serverLooks, status) ? serverLooks[status]! : { tone: "neutral" };
  return <StatusBadge status={status} looks={{ [status]: { ...look, label: t("server", { status }) } }} />;
}
