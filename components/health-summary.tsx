import { useTranslations } from "next-intl";
import { StatusBadge, type StatusLook } from "@/components/status-badge";
import type { HealthState, ServerHealth } from "@/lib/backup-health/schemas";
import { formatDateTime, formatRelative } from "@/lib/backups/format";
import { useDisplayFormat } from "@/lib/backups/client/use-display-format";

const healthTones: Record<HealthState, StatusLook["tone"]> = {
  healthy: "green",
  late: "amber",
  failing: "red",
  never: "red",
  unknown: "neutral",
  off: "neutral",
};

/** A server's backup health in words and colour, and why (lib/backup-health): on its card and its page. */
export function HealthSummary({ health, now }: { health: ServerHealth; now: number }) {
  const t = useTranslations("Health");
  const { timeZone, locale } = useDisplayFormat();
  const hours = health.late_after_hours;
  const reason = (() => {
    switch (health.state) {
      case "healthy":
        return t("reason.healthy", { hours });
      case "late":
        return health.latest_completed_at
          ? t("reason.late", { age: formatRelative(health.latest_completed_at, now, locale), hours })
          : t("reason.unknown");
      case "failing":
        return health.failed_at
          ? t("reason.failing", { time: formatDateTime(health.failed_at, timeZone) })
          : t("reason.unknown");
      default:
        return t(`reason.${health.state}`);
    }
  })();
  return (
    <>
      <StatusBadge
        status={health.state}
        looks={{
          [health.state]: {
            tone: healthTones[health.state],
            marker: "dot",
            label: t("state", { state: health.state }),
          },
        }}
      />
      <span className="block text-xs text-zinc-600 dark:text-zinc-400">{reason}</span>
    </>
  );
}
