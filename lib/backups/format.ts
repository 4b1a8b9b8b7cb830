// How backups read on screen: sizes in human units, times in the viewer's zone (24-hour), ages
// relative to a given moment, numbers and ages in the dashboard's active language (pass next-intl's
// locale). All through Intl, so nothing is hard-coded; the one word Intl lacks comes from the catalog.

const MB_PER_GB = 1024;
const MB_PER_TB = 1024 * 1024;

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string | undefined, fractionDigits: number): Intl.NumberFormat {
  const key = `${locale ?? ""}|${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      minimumFractionDigits: fractionDigits,
      maximumFractionDigits: fractionDigits,
    });
    numberFormats.set(key, format);
  }
  return format;
}

/** `812 MB`, `4.4 GB`, `1.2 TB`; `—` while the provider does not know the size yet. */
export function formatSize(sizeMb: number | null, locale?: string): string {
  if (sizeMb === null || !Number.isFinite(sizeMb)) return "—";
  if (sizeMb < 1000) return `${numberFormat(locale, 0).format(sizeMb)} MB`;
  if (sizeMb < 1000 * MB_PER_GB) return `${numberFormat(locale, 1).format(sizeMb / MB_PER_GB)} GB`;
  return `${numberFormat(locale, 1).format(sizeMb / MB_PER_TB)} TB`;
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * `2026-11-26 03:00` (`03:00:05` with seconds): the exact local date and time, 24-hour, the same shape
 * in every locale.
 */
export function formatDateTime(iso: string, timeZone?: string, withSeconds = false): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  const key = `${timeZone ?? ""}|${withSeconds}`;
  let format = dateTimeFormats.get(key);
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
    dateTimeFormats.set(key, format);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(time)) parts[part.type] = part.value;
  const clock = `${parts.hour}:${parts.minute}${withSeconds ? `:${parts.second}` : ""}`;
  return `${parts.year}-${parts.month}-${parts.day} ${clock}`;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();

/** `1 day ago`, `in 12 days`, `5 minutes ago`: the distance from `now`, in the largest fitting unit. */
export function formatRelative(iso: string, now: number, locale?: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return "";
  const key = locale ?? "";
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: "always" });
    relativeFormats.set(key, format);
  }
  const diff = time - now;
  const abs = Math.abs(diff);
  if (abs < MINUTE) return format.format(Math.round(diff / SECOND), "second");
  if (abs < HOUR) return format.format(Math.round(diff / MINUTE), "minute");
  if (abs < DAY) return format.format(Math.round(diff / HOUR), "hour");
  if (abs < 45 * DAY) return format.format(Math.round(diff / DAY), "day");
  if (abs < 365 * DAY) return format.format(Math.round(diff / (30 * DAY)), "month");
  return format.format(Math.round(diff / (365 * DAY)), "year");
}

/** The words of this module that Intl does not have: from the "Format" messages of the active language. */
export type FormatTranslator = (key: "never") => string;

/** When a backup goes: `in 12 days`, or `never` for manual backups (no expiry). */
export function formatExpiry(
  expiresAt: string | null,
  now: number,
  locale: string | undefined,
  t: FormatTranslator,
): string {
  return expiresAt === null ? t("never") : formatRelative(expiresAt, now, locale);
}
