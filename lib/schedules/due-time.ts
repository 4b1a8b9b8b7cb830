import { formatDateTime } from "@/lib/backups/format";

// A due time on screen: `2026-12-07 03:00` in a given zone (24-hour, the same shape in every
// language), with seconds when the schedule's cron has them (a seconds cron's runs are seconds apart).

/** Whether a cron expression has the leading seconds field (six fields). */
export function cronHasSeconds(cron: string): boolean {
  return cron.trim().split(/\s+/).filter(Boolean).length === 6;
}

/** `2026-12-07 03:00` (or `03:00:05` with seconds) in `timeZone`; undefined: the runtime's own. */
export function formatDueTime(iso: string, timeZone: string | undefined, withSeconds: boolean): string {
  try {
    return formatDateTime(iso, timeZone, withSeconds);
  } catch {
    // A zone this browser does not know (the server's list is newer): the browser's own.
    return formatDateTime(iso, undefined, withSeconds);
  }
}
