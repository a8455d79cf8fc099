import type { SeededRandom } from "@tinkuy/demo-data";
import { DEMO_AS_OF, SEED_AUTHOR_PREFIX } from "../src/provenance.ts";

/** The seed's "today": data runs through this date. */
export const SEED_NOW = DEMO_AS_OF;
/** The author the seed records on its entries. */
export const RECORDED_BY = `${SEED_AUTHOR_PREFIX}livelihoods`;
/** Milliseconds in a day. */
export const DAY = 86_400_000;

/** Midnight UTC of a calendar day (months from 0, overflow rolls over). */
export const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m, d));
/** Date arithmetic on UTC days and months. */
export const addDays = (date: Date, days: number) => new Date(date.getTime() + days * DAY);
export const addMonths = (date: Date, months: number) =>
  day(date.getUTCFullYear(), date.getUTCMonth() + months, date.getUTCDate());
/** The earliest of the dates. */
export const minDate = (...dates: Date[]) => new Date(Math.min(...dates.map((d) => d.getTime())));
/** The date at midnight UTC. */
export const midnight = (date: Date) => day(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());

/** A float drawn uniformly from a range. */
export function uniform(random: SeededRandom, [low, high]: readonly [number, number]): number {
  return low + random.next() * (high - low);
}

/** Rounds to a number of decimals. */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
