/**
 * Calendar arithmetic in the programme's time zone (Europe/Madrid), safe
 * across daylight-saving changes: "one month later" keeps the local date and
 * time, whatever the UTC offset did in between.
 */
interface LocalParts {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsIn(date: Date, timeZone: string): LocalParts {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const get = (type: string) => Number(format.formatToParts(date).find((p) => p.type === type)?.value);
  return {
    year: get("year"),
    month: get("month"),
    day: get("day"),
    hour: get("hour"),
    minute: get("minute"),
    second: get("second"),
  };
}

/** The instant at which the clock in `timeZone` shows `parts`. */
function fromParts(parts: LocalParts, timeZone: string): Date {
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  let guess = asUtc;
  // Two corrections settle the offset, also on the days the clocks change.
  for (let i = 0; i < 2; i++) {
    const shown = partsIn(new Date(guess), timeZone);
    const shownUtc = Date.UTC(shown.year, shown.month - 1, shown.day, shown.hour, shown.minute, shown.second);
    guess += asUtc - shownUtc;
  }
  return new Date(guess);
}

const daysInMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function addMonths(date: Date, months: number, timeZone: string): Date {
  const parts = partsIn(date, timeZone);
  const total = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  // 31 January + 1 month is the last day of February, not 3 March.
  return fromParts({ ...parts, year, month, day: Math.min(parts.day, daysInMonth(year, month)) }, timeZone);
}

export function addDays(date: Date, days: number, timeZone: string): Date {
  const parts = partsIn(date, timeZone);
  const shifted = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days));
  return fromParts(
    { ...parts, year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() },
    timeZone,
  );
}

/** Local midnight of the calendar day `yyyy-mm-dd` in `timeZone`. */
export function localDay(isoDate: string, timeZone: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number);
  return fromParts({ year: year!, month: month!, day: day!, hour: 0, minute: 0, second: 0 }, timeZone);
}

/** The calendar day (yyyy-mm-dd) that `date` falls on in `timeZone`. */
export function isoDay(date: Date, timeZone: string): string {
  const p = partsIn(date, timeZone);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}
