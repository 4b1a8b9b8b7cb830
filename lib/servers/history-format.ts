// How the server page's figures read (both sides): durations and the charts' date ticks through
// Intl in the active language, 24-hour, so nothing is hard-coded. Apart from lib/backups/format.ts,
// which the backups page imports, so that page carries none of this.

const unitFormats = new Map<string, Intl.NumberFormat>();
function unitFormat(locale: string | undefined, unit: "second" | "minute" | "hour", digits: number) {
  const key = `${locale ?? ""}|${unit}|${digits}`;
  let format = unitFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: "unit",
      unit,
      unitDisplay: "short",
      maximumFractionDigits: digits,
    });
    unitFormats.set(key, format);
  }
  return format;
}

/** `45 sec`, `12 min`, `1.5 hr` (in the locale's words); `—` for an unknown duration. */
export function formatDuration(seconds: number | null, locale?: string): string {
  if (seconds === null || !Number.isFinite(seconds)) return "—";
  if (seconds < 60) return unitFormat(locale, "second", 0).format(Math.round(seconds));
  if (seconds < 3600) return unitFormat(locale, "minute", seconds < 600 ? 1 : 0).format(seconds / 60);
  return unitFormat(locale, "hour", 1).format(seconds / 3600);
}

const tickFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A chart's time tick: the day and month (`2 Dec`, `2 thg 12`), with the 24-hour time when the
 * chart spans two days or less.
 */
export function formatTimeTick(time: number, spanMs: number, locale: string | undefined, timeZone?: string): string {
  const withTime = spanMs <= 2 * 86_400_000;
  const key = `${locale ?? ""}|${timeZone ?? ""}|${withTime}`;
  let format = tickFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, {
      timeZone,
      month: "short",
      day: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", hourCycle: "h23" as const } : {}),
    });
    tickFormats.set(key, format);
  }
  return format.format(time);
}
