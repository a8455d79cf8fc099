import { describe, expect, it } from "vitest";
import type { IndicatorDoc, PeriodDoc } from "../../subgraphs/livelihoods/src/models.ts";
import {
  indicatorProgress,
  latestReported,
  progress,
  summarizeOutcomes,
} from "../../subgraphs/livelihoods/src/indicator-progress.ts";

const UNIT = { measure: "1", ascending: true } as const;
const DOWN = { measure: "1", ascending: false } as const;

describe("progress = (actual − baseline) / (target − baseline)", () => {
  it.each([
    ["half way up", UNIT, 0, 100, 50, 0.5],
    ["beyond the target (not clamped)", UNIT, 0, 100, 120, 1.2],
    ["below the baseline (not clamped)", UNIT, 10, 110, 0, -0.1],
    ["a percentage", { measure: "2", ascending: true }, 20, 60, 50, 0.75],
    ["an ordinal scale", { measure: "4", ascending: true }, 1, 5, 4, 0.75],
    ["a descending indicator half way down", DOWN, 500, 300, 400, 0.5],
    ["a descending indicator that got worse", DOWN, 500, 300, 550, -0.25],
    ["a descending indicator beyond its target", DOWN, 500, 300, 250, 1.25],
    ["rounded to 4 decimals", UNIT, 0, 3, 1, 0.3333],
  ] as const)("measures %s", (_name, indicator, baseline, target, actual, expected) => {
    expect(progress(indicator, baseline, target, actual)).toBe(expected);
  });

  it.each([
    ["a qualitative indicator", { measure: "5", ascending: true }, 0, 1, 1],
    ["a nominal indicator (categories have no distance)", { measure: "3", ascending: true }, 1, 3, 2],
    ["no baseline value", UNIT, null, 100, 50],
    ["no target value", UNIT, 0, null, 50],
    ["no actual yet", UNIT, 0, 100, null],
    ["a target equal to the baseline", UNIT, 50, 50, 60],
    ["an ascending indicator whose target is below its baseline", UNIT, 100, 50, 80],
    ["a descending indicator whose target is above its baseline", DOWN, 100, 150, 120],
  ] as const)("is null for %s", (_name, indicator, baseline, target, actual) => {
    expect(progress(indicator, baseline, target, actual)).toBeNull();
  });
});

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const period = (year: number, target: number, actual: number | null): PeriodDoc => ({
  periodStart: day(`${year}-01-01`),
  periodEnd: day(`${year}-12-31`),
  target: { value: target },
  actual: actual === null ? null : { value: actual, reportedAt: day(`${year + 1}-01-31`) },
});
const indicator = (over: Partial<IndicatorDoc> = {}): IndicatorDoc => ({
  code: "2.1",
  measure: "1",
  ascending: true,
  title: "Ingreso",
  baseline: { year: 2024, value: 100 },
  periods: [period(2024, 120, 110), period(2025, 140, 135), period(2026, 160, null)],
  ...over,
});

describe("an indicator's progress", () => {
  it("is that of its latest period with a reported actual, or of the latest begun by a given day", () => {
    expect(latestReported(indicator())?.periodStart).toEqual(day("2025-01-01"));
    expect(indicatorProgress(indicator())).toBe(0.875);
    expect(indicatorProgress(indicator(), day("2024-12-31"))).toBe(0.5);
    expect(indicatorProgress(indicator(), day("2023-12-31"))).toBeNull();
  });

  it("is summarised over the quantitative outcome indicators only, with 0.9 as the on-track threshold", () => {
    const outcome = (indicators: IndicatorDoc[]) => ({ type: "2" as const, title: "r", indicators });
    const summary = summarizeOutcomes(
      [
        {
          results: [
            { type: "1", title: "output", indicators: [indicator()] },
            outcome([
              indicator({ periods: [period(2025, 200, 190)] }),
              indicator({ periods: [period(2025, 200, 189.99)] }),
              indicator({ measure: "5", baseline: { year: 2024 }, periods: [] }),
              indicator({ periods: [period(2025, 200, null)] }),
            ]),
          ],
        },
        {
          results: [
            outcome([
              indicator({
                ascending: false,
                baseline: { year: 2024, value: 100 },
                periods: [period(2025, 50, 75)],
              }),
            ]),
          ],
        },
      ],
      day("2026-12-31"),
    );
    // 0.9 and 0.8999 (1 on track), the unmeasured one counts as an indicator, 0.5 for the descending one.
    expect(summary).toEqual({ indicators: 4, measured: 3, averageProgress: 0.7666, onTrack: 1 });
  });
});
