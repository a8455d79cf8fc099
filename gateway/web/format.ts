import { LOCALES, type Lang } from "./i18n.ts";

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
