/**
 * Calendar arithmetic in the programme's time zone (Europe/Madrid), safe
 * across daylight-saving changes: "one month later" keeps the local date and
 * time, whatever the UTC offset did in between. Temporal (through a
 * spec-compliant polyfill until Node ships it) does the calendar and the
 * zone rules; these functions only cross between `Date` and Temporal.
 */
import { Temporal } from "temporal-polyfill";

/**
 * The clock, for the one use case whose work spans real time (delivery waits
 * for turns and backs off): the shell passes `() => new Date()`, a test its own.
 * Everything else takes `now`, read once per request or event.
 */
export type Clock = () => Date;

const zoned = (date: Date, timeZone: string) =>
  Temporal.Instant.fromEpochMilliseconds(date.getTime()).toZonedDateTimeISO(timeZone);
const toDate = (value: Temporal.ZonedDateTime) => new Date(value.epochMilliseconds);

/** 31 January + 1 month is the last day of February, not 3 March (Temporal's "constrain"). */
export function addMonths(date: Date, months: number, timeZone: string): Date {
  return toDate(zoned(date, timeZone).add({ months }));
}

export function addDays(date: Date, days: number, timeZone: string): Date {
  return toDate(zoned(date, timeZone).add({ days }));
}

/** Local midnight (the start of the day) of the calendar day `yyyy-mm-dd` in `timeZone`. */
export function localDay(isoDate: string, timeZone: string): Date {
  return toDate(Temporal.PlainDate.from(isoDate).toZonedDateTime({ timeZone }));
}

/** The calendar day (yyyy-mm-dd) that `date` falls on in `timeZone`. */
export function isoDay(date: Date, timeZone: string): string {
  return zoned(date, timeZone).toPlainDate().toString();
}

/** Whether the zone rules know `timeZone` ("Europe/Madrid" yes, "Europe/Barcelona" no). */
export function isTimeZone(timeZone: string): boolean {
  try {
    zoned(new Date(0), timeZone);
    return true;
  } catch {
    return false;
  }
}

/** Whether `yyyy-mm-dd` names a day that exists (2026-02-30 does not). */
export function isCalendarDay(isoDate: string): boolean {
  try {
    Temporal.PlainDate.from(isoDate, { overflow: "reject" });
    return /^\d{4}-\d{2}-\d{2}$/.test(isoDate);
  } catch {
    return false;
  }
}

/** "02/12/2026 09:30": the local date and time as a Catalan spreadsheet reads a date-time cell. */
export function localDateTime(date: Date, timeZone: string): string {
  const t = zoned(date, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(t.day)}/${two(t.month)}/${t.year} ${two(t.hour)}:${two(t.minute)}`;
}

/** The ISO week of a moment in the zone, as `2026-W49`: one attention digest per week. */
export function isoWeek(date: Date, timeZone: string): string {
  const t = zoned(date, timeZone);
  return `${t.yearOfWeek}-W${String(t.weekOfYear).padStart(2, "0")}`;
}
