import { INDICATOR_MEASURE, RESULT_TYPE } from "./iati.ts";
import type { IndicatorDoc, PeriodDoc, ProjectDoc } from "./models.ts";

/** Measures whose values sit on a scale where distances mean something: progress is computed for these. */
const QUANTITATIVE = new Set<string>([
  INDICATOR_MEASURE.UNIT,
  INDICATOR_MEASURE.PERCENTAGE,
  INDICATOR_MEASURE.ORDINAL,
]);

/** The progress from which an indicator counts as on track: within 10 % of the way to its period's target. */
export const ON_TRACK = 0.9;

function round4(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * How far `actual` has moved from `baseline` toward `target`: `(actual − baseline) / (target − baseline)`,
 * rounded to 4 decimals. 0 is the baseline, 1 the target; not clamped (below 0 went backwards, above 1 beat the
 * target). Descending indicators (smaller is better) have targets below the baseline and use the same formula.
 * Null when not computable: a measure without a meaningful distance (`NOMINAL`, `QUALITATIVE`), a missing
 * baseline, target or actual, a target equal to the baseline, or a target on the wrong side of the baseline for
 * the indicator's direction.
 */
export function progress(
  indicator: Pick<IndicatorDoc, "measure" | "ascending">,
  baseline: number | null | undefined,
  target: number | null | undefined,
  actual: number | null | undefined,
): number | null {
  if (!QUANTITATIVE.has(indicator.measure)) return null;
  if (baseline == null || target == null || actual == null) return null;
  const span = target - baseline;
  if (span === 0) return null;
  if (indicator.ascending ? span < 0 : span > 0) return null;
  return round4((actual - baseline) / span);
}

/** Progress of one period of an indicator toward that period's target. */
export function periodProgress(indicator: IndicatorDoc, period: PeriodDoc): number | null {
  return progress(indicator, indicator.baseline?.value, period.target.value, period.actual?.value);
}

/**
 * The latest period (by end date) with a reported actual, among those that began on or before `asOf` (all
 * periods when omitted).
 */
export function latestReported(indicator: IndicatorDoc, asOf?: Date): PeriodDoc | undefined {
  let latest: PeriodDoc | undefined;
  for (const period of indicator.periods) {
    if (!period.actual) continue;
    if (asOf && period.periodStart > asOf) continue;
    if (!latest || period.periodEnd > latest.periodEnd) latest = period;
  }
  return latest;
}

/** Progress of an indicator: that of its latest reported period (see {@link latestReported}). */
export function indicatorProgress(indicator: IndicatorDoc, asOf?: Date): number | null {
  const period = latestReported(indicator, asOf);
  return period ? periodProgress(indicator, period) : null;
}

/** Where a set of outcome indicators stands (`IndicatorProgressSummary`). */
export interface ProgressSummary {
  indicators: number;
  measured: number;
  averageProgress: number | null;
  onTrack: number;
}

/**
 * Summarises the quantitative indicators of the projects' `OUTCOME` results as of a day: how many there are,
 * how many have a computable progress, their mean progress and how many are on track ({@link ON_TRACK}).
 */
export function summarizeOutcomes(
  projects: readonly Pick<ProjectDoc, "results">[],
  asOf: Date,
): ProgressSummary {
  let indicators = 0;
  let measured = 0;
  let sum = 0;
  let onTrack = 0;
  for (const project of projects) {
    for (const result of project.results) {
      if (result.type !== RESULT_TYPE.OUTCOME) continue;
      for (const indicator of result.indicators) {
        if (!QUANTITATIVE.has(indicator.measure)) continue;
        indicators++;
        const value = indicatorProgress(indicator, asOf);
        if (value === null) continue;
        measured++;
        sum += value;
        if (value >= ON_TRACK) onTrack++;
      }
    }
  }
  return { indicators, measured, averageProgress: measured > 0 ? round4(sum / measured) : null, onTrack };
}
