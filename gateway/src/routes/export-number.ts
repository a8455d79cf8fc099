import { FRACTION_DIGITS, type Kind } from "../../web/format.ts";

const KINDS = Object.keys(FRACTION_DIGITS) as Kind[];

/** Intl formatters without grouping or locale symbols, `en-US` for a decimal point. */
const formatters = (style: (kind: Kind) => "percent" | "decimal") =>
  new Map<Kind, Intl.NumberFormat>(
    KINDS.map((kind) => [
      kind,
      new Intl.NumberFormat("en-US", {
        style: style(kind),
        useGrouping: false,
        minimumFractionDigits: FRACTION_DIGITS[kind],
        maximumFractionDigits: FRACTION_DIGITS[kind],
      }),
    ]),
  );

/** The dashboard's rounding (its Intl formatters', a rate as a percentage), to read back as a number. */
const ROUNDERS = formatters((kind) => (kind === "percent" ? "percent" : "decimal"));
/** A rounded figure's text with the kind's fixed digits (a percentage is already one). */
const WRITERS = formatters(() => "decimal");

function formatter(formatters: Map<Kind, Intl.NumberFormat>, kind: Kind): Intl.NumberFormat {
  const found = formatters.get(kind);
  if (!found) throw new Error(`no formatter for ${kind}`);
  return found;
}

/**
 * A figure as the exports hold it: rounded to the digits the dashboard shows for its kind, as the dashboard
 * rounds it, a rate (0–1) as a percentage (0.4567 → 45.7); null when there is none (no figure, or not a number).
 */
export function roundAs(value: unknown, kind: Kind): number | null {
  if (value === null || value === undefined || value === "") return null;
  const number = Number(value);
  if (!Number.isFinite(number)) return null;
  return Number(formatter(ROUNDERS, kind).format(number).replace("%", ""));
}

/**
 * A figure {@link roundAs} gave, with its kind's fixed digits and a decimal point (`45.7`, `2.50`, `1200`): the
 * CSV's text of a number.
 */
export function fixedText(rounded: number, kind: Kind): string {
  return formatter(WRITERS, kind).format(rounded);
}
