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

/** Lima's offset from UTC (Peru keeps no daylight saving time). */
const LIMA_OFFSET = -5 * 3_600_000;

/**
 * Today in Lima, as a calendar date (midnight UTC, as the `Date` scalar gives days): the hub's "today" for what may
 * be dated and for which periods are still running, the same in every pillar at any hour (from 19:00 in Lima, UTC
 * is already tomorrow).
 */
export function todayInLima(now: Date = new Date()): Date {
  const lima = new Date(now.getTime() + LIMA_OFFSET);
  return new Date(Date.UTC(lima.getUTCFullYear(), lima.getUTCMonth(), lima.getUTCDate()));
}

/** How a series splits its period: calendar months, quarters or years. */
export type Granularity = "MONTH" | "QUARTER" | "YEAR";

/** One point of a series: a calendar bucket, clipped to the series' period. */
export interface Bucket {
  /** First day (the period's start when it starts inside the bucket). */
  from: Date;
  /** Last day, included (the period's last day when it ends inside the bucket). */
  to: Date;
  /** The day after `to`. */
  until: Date;
  /**
   * The figures cannot be final: the bucket has not ended (today or a later day is in it), or the period covers
   * only part of it. A chart draws such a point apart (a lighter, dashed end), never as a drop to zero.
   */
  partial: boolean;
}

/** The most points a series answers: 30 years of months, the longest period {@link parsePeriod} takes. */
export const MAX_BUCKETS = 12 * 30 + 1;

const MONTHS_PER: Record<Granularity, number> = { MONTH: 1, QUARTER: 3, YEAR: 12 };

/**
 * The calendar buckets (`granularity`) a period falls into, in order, each clipped to the period. Buckets that
 * start after `today` are left out (nothing has happened in them yet); the one holding `today` is partial, as are
 * those the period cuts. `today` is the UTC day by default, as the records' own days are; eradication, whose
 * dates are Lima's ({@link todayInLima}), passes its own. Dates are calendar days at midnight UTC, as the API's `Date` scalar gives them.
 */
export function seriesBuckets(
  period: Period,
  granularity: Granularity,
  today: Date = todayInLima(),
): Bucket[] {
  const step = MONTHS_PER[granularity];
  const day = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const out: Bucket[] = [];
  const first = period.from;
  let start = new Date(
    Date.UTC(first.getUTCFullYear(), first.getUTCMonth() - (first.getUTCMonth() % step), 1),
  );
  while (start < period.until && start.getTime() <= day && out.length < MAX_BUCKETS) {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + step, 1));
    const from = start < period.from ? period.from : start;
    const until = end > period.until ? period.until : end;
    out.push({
      from,
      to: new Date(until.getTime() - 86_400_000),
      until,
      partial: from.getTime() !== start.getTime() || until.getTime() !== end.getTime() || end.getTime() > day,
    });
    start = end;
  }
  return out;
}
