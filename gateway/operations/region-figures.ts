/**
 * The region view of docs/analysts.md ("A region across the pillars") for the 25 departments, with the number of
 * permanent security outposts (staff only: the one column the public gets empty): what the indicators CSV is made
 * of. REINFO's figures are the registry as of `asOf` (the period's last day; today when null), as the indicators
 * count it. The gateway runs it like any client's query.
 */
export const REGION_FIGURES = /* GraphQL */ `
  query IndicatorsCsv($period: PeriodInput!, $asOf: Date) {
    regions(level: DEPARTMENT) {
      ubigeo
      name
      formalization(asOf: $asOf) {
        total
        active
        suspended
        excluded
        formalized
        formalizationRate
        sources {
          kind
          dataset
        }
      }
      eradication(period: $period) {
        operations
        value
        arrests
        outposts {
          id
        }
        sources {
          kind
          dataset
        }
      }
      recovery(period: $period) {
        hectaresDegraded
        hectaresRestored
        restorationRatio
        sources {
          kind
          dataset
        }
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
          women
          formerMiners
        }
        sources {
          kind
          dataset
        }
      }
      indicators(period: $period) {
        activeRecords
        operationsPerThousandActiveRecords
        valueSeizedPerActiveRecord
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
        sources {
          kind
          dataset
        }
      }
    }
  }
`;

/** A dataset behind a pillar's figures, as each figure type's `sources` lists it. */
export interface FigureSource {
  kind: string;
  dataset: string | null;
}

/** One department as `REGION_FIGURES` returns it (every figure may be null: not visible, or pillar down). */
export interface RegionFigures {
  ubigeo: string;
  name: string;
  formalization: (Record<string, number | null> & { sources?: FigureSource[] }) | null;
  eradication: {
    operations: number;
    value: string;
    arrests: number;
    outposts: unknown[] | null;
    sources: FigureSource[];
  } | null;
  recovery: (Record<string, number | null> & { sources?: FigureSource[] }) | null;
  livelihoods: {
    activeProjects: number;
    beneficiaries: { total: number; women: number; formerMiners: number };
    sources: FigureSource[];
  } | null;
  indicators: (Record<string, number | string | null> & { sources?: FigureSource[] }) | null;
}
