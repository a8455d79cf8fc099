import { LOCALES, type Lang } from "./i18n.ts";
import type { Granularity } from "../operations/trends-query.ts";

/** How a figure is shown: a count, soles, hectares, a ratio, or a share shown as a percentage. */
export type Kind = "count" | "money" | "hectares" | "ratio" | "percent";

/** Fraction digits shown for each kind (a percentage's are of the percentage). */
export const FRACTION_DIGITS: Record<Kind, number> = {
  count: 0,
  money: 2,
  hectares: 2,
  ratio: 2,
  percent: 1,
};

const formatters = new Map<string, Intl.NumberFormat>();

/**
 * A figure formatted for the language's locale. Money arrives as an exact decimal string; it is shown rounded to
 * céntimos like every other figure, from its number (display only: nothing is computed from what is shown).
 */
export function formatNumber(value: number | string, kind: Kind, lang: Lang): string {
  const key = `${lang}:${kind}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const digits = FRACTION_DIGITS[kind];
    formatter = new Intl.NumberFormat(LOCALES[lang], {
      style: kind === "percent" ? "percent" : "decimal",
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formatters.set(key, formatter);
  }
  return formatter.format(Number(value));
}

/**
 * Month names as each language abbreviates them, written out rather than asked of `Intl`: the browser's own data
 * varies (`sept.` or `set.`, with or without the point), and Peru writes `set.` (*setiembre*).
 */
const MONTHS: Record<Lang, readonly string[]> = {
  es: ["ene.", "feb.", "mar.", "abr.", "may.", "jun.", "jul.", "ago.", "set.", "oct.", "nov.", "dic."],
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A `YYYY-MM-DD` day as Peruvians write it, `dd/mm/aaaa` (31/12/2025), in both languages and whatever the browser's
 * locale or time zone: the day is the API's own, never shifted. Anything else is returned as it came.
 */
export function formatDate(day: string): string {
  const match = DAY.exec(day);
  if (!match) return day;
  const [, year, month, date] = match;
  return `${date}/${month}/${year}`;
}

/** The month of a `YYYY-MM-DD` (or `YYYY-MM`) day with its year: `ene. 2025` in Spanish, `Jan 2025` in English. */
export function formatMonth(day: string, lang: Lang): string {
  const month = Number(day.slice(5, 7));
  return `${MONTHS[lang][month - 1] ?? day.slice(5, 7)} ${day.slice(0, 4)}`;
}

/**
 * The label of a series bucket that starts on `from`: `ene. 2025`, `T1 2025` (*trimestre*; `Q1 2025` in
 * English) or `2025`. A bucket the period cuts keeps its calendar name; its dates say where it was cut.
 */
export function formatBucket(from: string, granularity: Granularity, lang: Lang): string {
  const year = from.slice(0, 4);
  switch (granularity) {
    case "MONTH":
      return formatMonth(from, lang);
    case "QUARTER":
      return `${lang === "es" ? "T" : "Q"}${Math.floor((Number(from.slice(5, 7)) - 1) / 3) + 1} ${year}`;
    case "YEAR":
      return year;
  }
}
