// A due time on screen: `2026-12-07 03:00` in a given zone (24-hour, the same shape in every
// language), with seconds when the schedule's cron has them (a seconds cron's runs are seconds apart).

const formats = new Map<string, Intl.DateTimeFormat>();

function formatIn(timeZone: string | undefined, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ""}|${withSeconds}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      ...(withSeconds ? { second: "2-digit" as const } : {}),
      hourCycle: "h23",
    });
    formats.set(key, format);
  }
  return format;
}

/** Whether a cron expression has the leading seconds field (six fields). */
export function cronHasSeconds(cron: string): boolean {
  return cron.trim().split(/\s+/).filter(Boolean).length === 6;
}

/** `2026-12-07 03:00` (or `03:00:05` with seconds) in `timeZone`; undefined: the runtime's own. */
export function formatDueTime(iso: string, timeZone: string | undefined, withSeconds: boolean): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  let format: Intl.DateTimeFormat;
  try {
    format = formatIn(timeZone, withSeconds);
  } catch {
    // A zone this browser does not know (the server's list is newer): the browser's own.
    format = formatIn(undefined, withSeconds);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(time)) parts[part.type] = part.value;
  const clock = `${parts.hour}:${parts.minute}${withSeconds ? `:${parts.second}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day} ${clock}`;
}
