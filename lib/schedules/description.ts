import { MAX_DESCRIPTION_LENGTH } from "@/lib/backups/limits";

// A scheduled backup's description, from its schedule's template: {schedule} the schedule's name,
// {server} the server's, {date} and {time} the due time in the schedule's time zone (YYYY-MM-DD,
// HH:mm, 24-hour), so the list reads the way the team named its schedule.

export interface DescriptionValues {
  schedule: string;
  server: string;
  dueAt: Date;
  timezone: string;
}

function localParts(at: Date, timeZone: string): { date: string; time: string } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** The template with its placeholders filled, cut to VPS.org's description length. */
export function renderDescription(template: string, values: DescriptionValues): string {
  const { date, time } = localParts(values.dueAt, values.timezone);
  const filled = template.replace(/\{(schedule|server|date|time)\}/g, (_match, name: string) =>
    name === "schedule" ? values.schedule : name === "server" ? values.server : name === "date" ? date : time,
  );
  let cut = filled.trim().slice(0, MAX_DESCRIPTION_LENGTH);
  // Never half of a character outside the BMP (an emoji in a server's name).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  return cut.trimEnd();
}
