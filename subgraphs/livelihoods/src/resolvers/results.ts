import type {
  IndicatorPeriodResolvers,
  IndicatorResolvers,
  ResultResolvers,
} from "../generated/resolvers.ts";
import { INDICATOR_MEASURE_OF, RESULT_TYPE_OF } from "../iati.ts";
import { indicatorProgress, periodProgress } from "../indicator-progress.ts";
import type { IndicatorDoc, PeriodDoc } from "../models.ts";

/** What `IndicatorPeriod` resolvers receive: the period and its indicator (whose baseline progress needs). */
export interface PeriodParent {
  period: PeriodDoc;
  indicator: IndicatorDoc;
}

/** `Result`: its type from the code. */
export const Result: ResultResolvers = {
  type: (result) => RESULT_TYPE_OF[result.type],
  description: (result) => result.description ?? null,
};

/** `Indicator`: measure from its code; progress of the latest reported period (see `indicator-progress.ts`). */
export const Indicator: IndicatorResolvers = {
  measure: (indicator) => INDICATOR_MEASURE_OF[indicator.measure],
  description: (indicator) => indicator.description ?? null,
  baseline: (indicator) => indicator.baseline ?? null,
  periods: (indicator) => indicator.periods.map((period) => ({ period, indicator })),
  progress: (indicator) => indicatorProgress(indicator),
};

/** `IndicatorPeriod`: the period's target and actual, and its progress toward its own target. */
export const IndicatorPeriod: IndicatorPeriodResolvers = {
  periodStart: ({ period }) => period.periodStart,
  periodEnd: ({ period }) => period.periodEnd,
  target: ({ period }) => period.target,
  actual: ({ period }) => period.actual ?? null,
  progress: ({ period, indicator }) => periodProgress(indicator, period),
};
