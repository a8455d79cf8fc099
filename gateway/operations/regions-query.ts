import type { Sourced } from "./sources.ts";

/**
 * The regions with every figure the dashboard's map and table show, for one period: REINFO's as the registry
 * stood on `asOf` (the period's last day; today when null), as the indicators' ratios count it. The departments
 * without `level` and `parent`; the provinces or districts under a region with them.
 */
export const REGIONS_QUERY = /* GraphQL */ `
  query DashboardRegions($period: PeriodInput!, $asOf: Date, $level: RegionLevel, $parent: ID) {
    regions(level: $level, parent: $parent) {
      ubigeo
      name
      capital {
        name
        latitude
        longitude
      }
      formalization(asOf: $asOf) {
        asOf
        active
        sources {
          kind
        }
      }
      eradication(period: $period) {
        operations
        value
        sources {
          kind
        }
      }
      recovery(period: $period) {
        hectaresDegraded
        hectaresRestored
        sources {
          kind
        }
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
        }
        sources {
          kind
        }
      }
      indicators(period: $period) {
        activeRecords
        formalizationRate
        operationsPerThousandActiveRecords
        valueSeizedPerActiveRecord
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
        investmentExecutedPerActiveRecord
        operationsPerMillionSolesInvested
        sources {
          kind
        }
      }
    }
  }
`;

/** One region as `REGIONS_QUERY` returns it; a pillar's part is null when the viewer or the pillar can't. */
export interface RegionRow {
  ubigeo: string;
  name: string;
  capital: { name: string; latitude: number; longitude: number };
  formalization: ({ asOf: string; active: number } & Sourced) | null;
  eradication: ({ operations: number; value: string } & Sourced) | null;
  recovery: ({ hectaresDegraded: number; hectaresRestored: number } & Sourced) | null;
  livelihoods: ({ activeProjects: number; beneficiaries: { total: number } } & Sourced) | null;
  indicators:
    | ({
        activeRecords: number;
        formalizationRate: number | null;
        operationsPerThousandActiveRecords: number | null;
        valueSeizedPerActiveRecord: string | null;
        restoredPerDegradedHectare: number | null;
        degradedHectaresPerActiveRecord: number | null;
        formerMinerBeneficiariesPerExcludedRecord: number | null;
        investmentExecutedPerActiveRecord: string | null;
        operationsPerMillionSolesInvested: number | null;
      } & Sourced)
    | null;
}
