import type { SeededRandom } from "@tinkuy/demo-data";
import { INDICATOR_MEASURE, RESULT_TYPE } from "../src/iati.ts";
import type { IndicatorDoc, PeriodDoc, ResultDoc } from "../src/models.ts";
import { wasImplementing } from "../src/status.ts";
import { addDays, minDate, roundTo, SEED_NOW, uniform } from "./support.ts";
import type { Timeline } from "./timeline.ts";
import {
  BUSINESS_PLAN,
  MATURITY,
  PLAN_ACTUALS,
  PLAN_TARGETS,
  type IndicatorSpec,
  type ValueChain,
} from "./vocabulary.ts";

function indicator(
  random: SeededRandom,
  spec: IndicatorSpec,
  code: string,
  periods: { start: Date; end: Date }[],
  plannedStart: Date,
  plannedBeneficiaries: number,
  performance: number,
  time: Timeline,
): IndicatorDoc {
  const how = spec.how;
  let base: number | null;
  let final: number;
  let decimals = 0;
  switch (how.kind) {
    case "count":
      base = 0;
      final = Math.max(10, Math.round(plannedBeneficiaries * uniform(random, how.perBeneficiary)));
      break;
    case "level": {
      decimals = how.decimals;
      base = roundTo(uniform(random, how.base), decimals);
      const gain = uniform(random, how.gain);
      final = roundTo(spec.ascending ? base * (1 + gain) : base * (1 - gain), decimals);
      break;
    }
    case "share":
      decimals = 1;
      base = roundTo(uniform(random, how.base), 1);
      final = roundTo(
        spec.ascending
          ? Math.min(95, base + uniform(random, how.gain))
          : Math.max(1, base - uniform(random, how.gain)),
        1,
      );
      break;
    case "ordinal":
      base = random.int(1, 2);
      final = random.int(4, 5);
      break;
    case "qualitative":
      base = null;
      final = 0;
      break;
  }
  const n = periods.length;
  const docs: PeriodDoc[] = periods.map((p, k) => {
    const until = addDays(p.end, 1);
    // An actual is the result at the end of its period (IATI): only periods ended by the seed's day have one.
    const reported = p.end < SEED_NOW && wasImplementing(time.history, p.start, until) && random.chance(0.95);
    const reportedAt = minDate(SEED_NOW, addDays(p.end, 30));
    if (how.kind === "qualitative") {
      const target = PLAN_TARGETS[
        Math.min(PLAN_TARGETS.length - 1, Math.round(((k + 1) * (PLAN_TARGETS.length - 1)) / n))
      ] as string;
      return {
        periodStart: p.start,
        periodEnd: p.end,
        target: { value: null, comment: target },
        actual: reported ? { value: null, comment: random.pick(PLAN_ACTUALS), reportedAt } : null,
      };
    }
    const b = base as number;
    const target = roundTo(b + ((final - b) * (k + 1)) / n, decimals);
    let actual: number | null = null;
    if (reported) {
      actual = roundTo(b + (target - b) * performance * uniform(random, [0.9, 1.1]), decimals);
      if (how.kind === "share") actual = Math.min(100, Math.max(0, actual));
      if (how.kind === "ordinal") actual = Math.min(5, Math.max(1, Math.round(actual)));
      actual = Math.max(0, actual);
    }
    return {
      periodStart: p.start,
      periodEnd: p.end,
      target: { value: target, comment: null },
      actual: actual === null ? null : { value: actual, comment: null, reportedAt },
    };
  });
  return {
    code,
    measure: INDICATOR_MEASURE[spec.measure],
    ascending: spec.ascending,
    title: spec.title,
    description: null,
    // Measured before the project starts, and never after the seed's day (a pipeline project's baseline is taken
    // by then, not at a start still to come).
    baseline: {
      year: minDate(plannedStart, SEED_NOW).getUTCFullYear(),
      isoDate: minDate(plannedStart, SEED_NOW),
      value: base,
      comment:
        how.kind === "qualitative"
          ? "La organización no cuenta con plan de negocios"
          : "Línea de base del proyecto",
    },
    periods: docs,
  };
}

/** An OUTPUT and an OUTCOME result with the chain's indicators (some projects add ordinal or qualitative ones). */
export function resultsFramework(
  random: SeededRandom,
  chain: ValueChain,
  periods: { start: Date; end: Date }[],
  plannedStart: Date,
  plannedBeneficiaries: number,
  time: Timeline,
): ResultDoc[] {
  const performance = uniform(random, [0.55, 1.2]);
  const outcomes = [...chain.outcomes].slice(0, random.int(2, Math.min(3, chain.outcomes.length)));
  if (random.chance(0.4)) outcomes.push(MATURITY);
  if (random.chance(0.4)) outcomes.push(BUSINESS_PLAN);
  const frame: [string, string, readonly IndicatorSpec[]][] = [
    [RESULT_TYPE.OUTPUT, "Capacidades productivas y técnicas instaladas", chain.outputs],
    [RESULT_TYPE.OUTCOME, "Medios de vida lícitos y sostenibles para las familias participantes", outcomes],
  ];
  return frame.map(([type, title, specs], r) => ({
    type: type as ResultDoc["type"],
    title,
    description: null,
    indicators: specs.map((spec, i) =>
      indicator(
        random,
        spec,
        `${r + 1}.${i + 1}`,
        periods,
        plannedStart,
        plannedBeneficiaries,
        performance,
        time,
      ),
    ),
  }));
}
