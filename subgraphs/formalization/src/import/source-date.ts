const DAY = 86_400_000;
/** Peru's offset from UTC (no daylight saving since 1994): a time without a zone is read as Lima's. */
const LIMA_OFFSET = 5 * 3_600_000;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * FECHA_ACTUALIZACION as a Date: `2025-02-26` (ISO, with an optional time and zone) or `26/02/2025` (day first,
 * as Peruvian spreadsheets write it, with an optional time). A date alone is midnight UTC, as the seed's dates
 * are; a time without a zone is Lima time. Returns a reason instead when the text is no such date, is not a day
 * of the calendar (`2025-02-30`), or lies in the future.
 */
export function parseSourceDate(text: string, now: Date): Date | string {
  let parts: (string | undefined)[];
  let zone: string | undefined;
  const iso = ISO.exec(text);
  const dayFirst = iso ? null : DAY_FIRST.exec(text);
  if (iso) {
    parts = [iso[1], iso[2], iso[3], iso[4], iso[5], iso[6], iso[7]?.padEnd(3, "0")];
    zone = iso[8];
  } else if (dayFirst) {
    parts = [dayFirst[3], dayFirst[2], dayFirst[1], dayFirst[4], dayFirst[5], dayFirst[6], undefined];
  } else {
    return `${JSON.stringify(text)} is not a date (YYYY-MM-DD or DD/MM/YYYY)`;
  }
  const [year, month, day, hour, minute, second, millis] = parts.map((p) => Number(p ?? 0)) as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const calendar = new Date(Date.UTC(year, month - 1, day));
  if (
    calendar.getUTCFullYear() !== year ||
    calendar.getUTCMonth() !== month - 1 ||
    calendar.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return `${JSON.stringify(text)} is not a day of the calendar`;
  }
  let time = calendar.getTime() + ((hour * 60 + minute) * 60 + second) * 1000 + millis;
  if (parts[3] !== undefined) time += zone === undefined ? LIMA_OFFSET : -zoneOffset(zone);
  // A day of tolerance: an extract dated today in Lima may already be tomorrow in UTC.
  if (time > now.getTime() + DAY) return `${JSON.stringify(text)} is in the future`;
  return new Date(time);
}

/** `Z`, `+hh:mm`, `-hhmm` as milliseconds east of UTC. */
function zoneOffset(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
}
