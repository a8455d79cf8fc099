/**
 * How many calendar years, ending with the current one, the dashboard looks back for the latest year with data:
 * two aliases a year (operations, degraded areas), within the gateway's 15 aliases per operation.
 */
export const YEARS_PROBED = 7;

const years = Array.from({ length: YEARS_PROBED }, (_, i) => i);

/**
 * The 25 departments' enforcement operations and degraded areas detected in each of the last `YEARS_PROBED`
 * years (`$y0` the current year, `$y1` the one before, …): what the dashboard opens on, the latest year in which
 * anything happened. Both are read from the pillars' region counters, so the whole probe costs no scan, unlike
 * the catalogue (`datasets` groups every collection of every pillar), which the "Fuentes" page reads only when
 * it is opened. One text whatever the year, so it can be registered.
 */
export const YEARS_QUERY = /* GraphQL */ `
  query DashboardYears(${years.map((i) => `$y${i}: PeriodInput!`).join(", ")}) {
    regions {
      ${years
        .map(
          (i) =>
            `y${i}: eradication(period: $y${i}) { operations }\n      d${i}: recovery(period: $y${i}) { degradedAreasDetected }`,
        )
        .join("\n      ")}
    }
  }
`;

/** One department as `YEARS_QUERY` returns it: `y<i>` and `d<i>` for each year probed (null: not answered). */
export type YearFigures = Record<string, { operations?: number; degradedAreasDetected?: number } | null>;

/** The variables of `YEARS_QUERY` for the years ending with `current`: `y0` is `current`, `y1` the year before. */
export function yearsVariables(current: number): Record<string, { from: string; to: string }> {
  return Object.fromEntries(
    years.map((i) => [`y${i}`, { from: `${current - i}-01-01`, to: `${current - i}-12-31` }]),
  );
}

/**
 * The latest year, of those `YEARS_QUERY` asked for the years ending with `current`, in which any department
 * had an enforcement operation or a degraded area detected; null when none had (or no pillar answered).
 */
export function latestYearWithData(regions: readonly YearFigures[], current: number): number | null {
  for (const i of years) {
    const any = regions.some(
      (region) => (region[`y${i}`]?.operations ?? 0) > 0 || (region[`d${i}`]?.degradedAreasDetected ?? 0) > 0,
    );
    if (any) return current - i;
  }
  return null;
}
