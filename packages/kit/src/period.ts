import { badUserInput } from "./errors.ts";

/** A period as the API takes it: both calendar dates included. */
export interface PeriodInput {
  from: Date;
  to: Date;
}

/** A period as queries use it: `from` included, `until` excluded (the day after `to`). */
export interface Period {
  from: Date;
  until: Date;
}

/** The longest period a figure may cover: enough for the program's history, small enough to stay cheap. */
const MAX_YEARS = 30;

/**
 * Checks a period argument (`from` ≤ `to`, at most 30 years) and turns it into a half-open range; when the
 * argument is omitted, `fallback` applies (e.g. the current year). Errors name the field.
 */
export function parsePeriod(
  input: PeriodInput | null | undefined,
  field: string,
  fallback: () => PeriodInput,
): Period {
  const period = input ?? fallback();
  if (period.from.getTime() > period.to.getTime()) {
    throw badUserInput(`${field}.to`, "the period must end on or after its start");
  }
  if (period.to.getUTCFullYear() - period.from.getUTCFullYear() > MAX_YEARS) {
    throw badUserInput(field, `a period covers at most ${MAX_YEARS} years`);
  }
  return { from: period.from, until: new Date(period.to.getTime() + 86_400_000) };
}

/** The calendar year containing `date`, as a period argument. */
export function yearOf(date: Date): PeriodInput {
  const year = date.getUTCFullYear();
  return { from: new Date(Date.UTC(year, 0, 1)), to: new Date(Date.UTC(year, 11, 31)) };
}

/** `YYYY-MM` of a date (UTC): the key of monthly region counters. */
export function monthOf(date: Date): string {
  return date.toISOString().slice(0, 7);
}

/** A period split into the whole months monthly counters answer, and the partial edges the sources must. */
export interface PeriodSplit {
  months: { first: string; last: string } | null;
  edges: { from: Date; until: Date }[];
}

function monthStart(date: Date, offset = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offset, 1));
}

/** Splits `[from, until)` into whole calendar months and at most two partial edges. */
export function splitPeriod(from: Date, until: Date): PeriodSplit {
  const firstWhole = from.getUTCDate() === 1 ? from : monthStart(from, 1);
  const endWhole = monthStart(until);
  if (firstWhole.getTime() >= endWhole.getTime()) return { months: null, edges: [{ from, until }] };
  const edges: { from: Date; until: Date }[] = [];
  if (from < firstWhole) edges.push({ from, until: firstWhole });
  if (endWhole < until) edges.push({ from: endWhole, until });
  return { months: { first: monthOf(firstWhole), last: monthOf(monthStart(endWhole, -1)) }, edges };
}
