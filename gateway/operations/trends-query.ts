/** A series' calendar buckets (the API's `Granularity`). */
export type Granularity = "MONTH" | "QUARTER" | "YEAR";

/** The granularities, finest first. */
export const GRANULARITIES: readonly Granularity[] = ["MONTH", "QUARTER", "YEAR"];

/**
 * One region's five pillars and cross-pillar indicators split into calendar buckets over one period, in one
 * request: each part's
 * `series(granularity:)`, one point per month, quarter or year (no alias per bucket), the bucket holding today
 * marked `partial` (its figures are still moving: never to be drawn as a fall to zero). REINFO's points are the
 * registry as it stood at each bucket's end (today for the partial one). `ubigeo` `00` is Peru as a whole.
 */
export const TRENDS_QUERY = /* GraphQL */ `
  query DashboardTrends($ubigeo: ID!, $period: PeriodInput!, $granularity: Granularity!) {
    region(ubigeo: $ubigeo) {
      ubigeo
      eradication(period: $period) {
        series(granularity: $granularity) {
          from
          to
          partial
          operations
          value
          arrests
        }
      }
      formalization {
        series(granularity: $granularity, period: $period) {
          from
          to
          asOf
          partial
          total
          active
          suspended
          excluded
          formalized
        }
      }
      recovery(period: $period) {
        series(granularity: $granularity) {
          from
          to
          partial
          hectaresDegraded
          hectaresRestored
          degradedAreasDetected
        }
      }
      livelihoods(period: $period) {
        series(granularity: $granularity) {
          from
          to
          partial
          activeProjects
          beneficiaries {
            total
            women
            formerMiners
          }
        }
      }
      services(period: $period) {
        series(granularity: $granularity) {
          from
          to
          partial
          activeProjects
          executed
          yearlyAccrualsOutsidePeriodMonths
        }
      }
      indicators(period: $period) {
        series(granularity: $granularity) {
          from
          to
          partial
          operationsPerThousandActiveRecords
          restoredPerDegradedHectare
          degradedHectaresPerActiveRecord
          formerMinerBeneficiariesPerExcludedRecord
          operationsPerMillionSolesInvested
        }
      }
    }
  }
`;

/** What every series point says about its bucket. */
export interface Bucket {
  /** The bucket's first day, clipped to the period. */
  from: string;
  /** Its last day, clipped likewise. */
  to: string;
  /** True while its figures cannot be final (it holds today, or the period cuts it). */
  partial: boolean;
}

/** `TRENDS_QUERY`'s region: each pillar's points, null when the viewer or the pillar could not. */
export interface RegionTrends {
  ubigeo: string;
  eradication: {
    series: (Bucket & { operations: number; value: string; arrests: number })[];
  } | null;
  formalization: {
    series: (Bucket & {
      asOf: string;
      total: number;
      active: number;
      suspended: number;
      excluded: number;
      formalized: number;
    })[];
  } | null;
  recovery: {
    series: (Bucket & {
      hectaresDegraded: number;
      hectaresRestored: number;
      degradedAreasDetected: number;
    })[];
  } | null;
  livelihoods: {
    series: (Bucket & {
      activeProjects: number;
      beneficiaries: { total: number; women: number; formerMiners: number };
    })[];
  } | null;
  /**
   * Public investment by bucket: `executed` holds the accruals with a month in the bucket and the yearly-only
   * ones whose whole year is in it; a yearly-only accrual of a year the bucket covers in part is in
   * `yearlyAccrualsOutsidePeriodMonths` instead (so by month or quarter it is in every bucket of its year there,
   * never in `executed`).
   */
  services: {
    series: (Bucket & {
      activeProjects: number;
      executed: string;
      yearlyAccrualsOutsidePeriodMonths: string;
    })[];
  } | null;
  /** The ratios of each bucket (null where a denominator is zero). */
  indicators: {
    series: (Bucket & {
      operationsPerThousandActiveRecords: number | null;
      restoredPerDegradedHectare: number | null;
      degradedHectaresPerActiveRecord: number | null;
      formerMinerBeneficiariesPerExcludedRecord: number | null;
      operationsPerMillionSolesInvested: number | null;
    })[];
  } | null;
}
