import { StatusBadge, type StatusLook } from "@/components/status-badge";

const serverLooks: Record<string, StatusLook> = {
  active: { tone: "green" },
  stopped: { tone: "neutral" },
  suspended: { tone: "amber" },
  restoring: { tone: "blue", marker: "spinner" },
};

/** A server's status as VPS.org reports it; `null` when the token may not read servers. */
export function ServerStatusBadge({ status }: { status: string | null }) {
  return <StatusBadge status={status ?? "status unknown"} looks={serverLooks} />;
}
