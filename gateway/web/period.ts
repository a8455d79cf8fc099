/** A period of calendar dates, both included, as the API's `PeriodInput` takes it (`YYYY-MM-DD`). */
export interface Period {
  from: string;
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The calendar year `year`. */
export function yearPeriod(year: number): Period {
  return { from: `${year}-01-01`, to: `${year}-12-31` };
}

/** Whether `period` is two well-formed dates in order (the API would refuse anything else). */
export function isValidPeriod(period: Period): boolean {
  return DATE.test(period.from) && DATE.test(period.to) && period.from <= period.to;
}

/**
 * The period the dashboard opens on: the latest calendar year with data (`latestYearWithData`), so a hub whose
 * data ends in an earlier year does not open on an empty one; the current year when there is none to go by.
 */
export function openingPeriod(latestYear: number | null, now: Date = new Date()): Period {
  return yearPeriod(latestYear ?? now.getFullYear());
}

const DAY_MONTH_YEAR = /^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$/;

/** `YYYY-MM-DD` as Peruvians write a date, `dd/mm/aaaa`, whatever the browser's locale. */
export function formatDayMonthYear(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * A date written `dd/mm/aaaa` (one-digit day or month, and `-` or `.` between, accepted) as `YYYY-MM-DD`; null
 * when it is not a real calendar day (31/02/2025, 00/01/2025).
 */
export function parseDayMonthYear(text: string): string | null {
  const match = DAY_MONTH_YEAR.exec(text);
  if (!match) return null;
  const [, day = "", month = "", year = ""] = match;
  const iso = `${year}-${month.padStart(2, "0")}-${day.padStart(2, "0")}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === iso ? iso : null;
}
