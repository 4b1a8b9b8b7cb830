import { Cron } from "croner";

// Cron expressions and their due times, by croner (with the schedule's time zone, DST included): the
// one place the dashboard reads a cron. Five fields (minute hour day-of-month month day-of-week); six,
// with seconds first, only where the deployment allows it (SCHEDULES_ALLOW_SECONDS: tests and demos).

export interface CronRules {
  /** A leading seconds field is accepted (tests); otherwise exactly five fields. */
  allowSeconds: boolean;
}

/** Whether `timeZone` is an IANA time zone this runtime knows (e.g. "Asia/Ho_Chi_Minh", "UTC"). */
export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "" || timeZone !== timeZone.trim()) return false;
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** The time zone's canonical IANA name ("asia/ho_chi_minh" → "Asia/Ho_Chi_Minh"), as it is stored. */
export function canonicalTimeZone(timeZone: string): string {
  // Node's ICU resolves some current names to their legacy aliases ("Asia/Ho_Chi_Minh" → "Asia/Saigon")
  // and lists only those: a listed name is taken in its listed spelling, any other valid one as written.
  const wanted = timeZone.toLowerCase();
  const listed = supportedTimeZones().find((name) => name.toLowerCase() === wanted);
  if (listed) return listed;
  new Intl.DateTimeFormat("en", { timeZone }); // throws for a name that is not a time zone
  return timeZone;
}

let zones: string[] | undefined;
function supportedTimeZones(): string[] {
  zones ??= [...Intl.supportedValuesOf("timeZone"), "UTC"];
  return zones;
}

/** The process's own time zone: a schedule's default. */
export function serverTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

/** Why `expression` is not a cron expression these rules accept, or null when it is. */
export function cronProblem(expression: string, rules: CronRules): string | null {
  const fields = expression.trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) return "cron is required (5 fields: minute hour day-of-month month day-of-week)";
  if (fields.length !== 5 && !(rules.allowSeconds && fields.length === 6))
    return `cron must have 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}`;
  try {
    const cron = compile(expression, "UTC", rules);
    if (cron.nextRun(new Date()) === null) return "cron never runs again";
    return null;
  } catch (error) {
    // croner names the field well but counts months and days from 0 in its value: name the field only.
    const reason = (error instanceof Error ? error.message : String(error))
      .replace(/^CronPattern: /, "")
      .replace(/: -?\d+$/, "");
    return `cron is not valid: ${reason} (fields: minute 0-59, hour 0-23, day-of-month 1-31, month 1-12, day-of-week 0-7)`;
  }
}

function compile(expression: string, timezone: string, rules: CronRules): Cron {
  return new Cron(expression.trim(), {
    timezone,
    mode: rules.allowSeconds ? "5-or-6-parts" : "5-part",
    paused: true,
  });
}

/** The next `count` due times strictly after `after`. */
export function nextDueTimes(
  expression: string,
  timezone: string,
  after: Date,
  count: number,
  rules: CronRules,
): Date[] {
  return compile(expression, timezone, rules).nextRuns(count, after);
}

export interface DueRun {
  /** The latest due time in (`handledThrough`, `now`]: the one run the schedule owes. */
  dueAt: Date;
  /** Due times before it in that interval, covered by this one run (counted up to MAX_COUNTED_MISSES). */
  missed: number;
}

export const MAX_COUNTED_MISSES = 1000;

/**
 * The catch-up rule: a schedule owes at most one run, for the latest due time after `handledThrough`
 * and not after `now`. Due times missed while the dashboard was down are not run one by one: the run
 * at start covers them (`missed` says how many). Null when nothing is due.
 */
export function dueRun(
  expression: string,
  timezone: string,
  handledThrough: Date,
  now: Date,
  rules: CronRules,
): DueRun | null {
  const cron = compile(expression, timezone, rules);
  const [latest] = cron.previousRuns(1, new Date(now.getTime() + 1));
  if (!latest || latest.getTime() <= handledThrough.getTime() || latest.getTime() > now.getTime()) return null;
  let missed = 0;
  let cursor = cron.nextRun(handledThrough);
  while (cursor && cursor.getTime() < latest.getTime() && missed < MAX_COUNTED_MISSES) {
    missed++;
    cursor = cron.nextRun(cursor);
  }
  return { dueAt: latest, missed };
}
