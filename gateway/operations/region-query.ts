import type { FullySourced } from "./sources.ts";

/** Peru as a whole: the UBIGEO the API answers national totals under (no department has it). */
export const NATIONAL_UBIGEO = "00";

/**
 * One region's five pillars and cross-pillar indicators for one period (a department, province or district, or
 * Peru as a whole, `NATIONAL_UBIGEO`): what the dashboard's detail panels
 * show besides the monthly series. REINFO's figures are the registry as it stood on `asOf` (the period's last
 * day; today when null), as the indicators' ratios use it; every part lists the datasets behind it in full.
 */
export const REGION_QUERY = /* GraphQL */ `
  query DashboardRegion($ubigeo: ID!, $period: PeriodInput!, $asOf: Date) {
    region(ubigeo: $ubigeo) {
      ubigeo
      name
      formalization(asOf: $asOf) {
        asOf
        total
        active
        suspended
        excluded
        formalized
        formalizationRate
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
      eradication(period: $period) {
        operations
        value
        arrests
        prosecutors
        outposts {
          id
        }
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
      recovery(period: $period) {
        hectaresDegraded
        degradedAreasDetected
        hectaresRestored
        restorationRatio
        activeRestorationProjects
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
          women
          formerMiners
        }
        projects {
          iatiIdentifier
          title
        }
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
      services(period: $period) {
        activeProjects
        executed
        yearlyAccrualsOutsidePeriodMonths
        population
        executedPerInhabitant
        byFunction {
          function
          activeProjects
          executed
        }
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
      indicators(period: $period) {
        activeRecords
        excludedRecords
        operationsPerThousandActiveRecords
        valueSeizedPerActiveRecord
        restoredPerDegradedHectare
        degradedHectaresPerActiveRecord
        formerMinerBeneficiariesPerExcludedRecord
        investmentExecutedPerActiveRecord
        operationsPerMillionSolesInvested
        sources {
          kind
          dataset
          source
          asOf
          records
        }
      }
    }
  }
`;

/** One MEF function's public investment in a region and period (`FunctionExecution`). */
export interface FunctionExecution {
  /** The `GovernmentFunction` value (MEF's *función*). */
  function: string;
  activeProjects: number;
  executed: string;
}

/** `REGION_QUERY`'s department. */
export interface RegionDetail {
  ubigeo: string;
  name: string;
  formalization:
    | ({
        /** The day the registry's figures are as of. */
        asOf: string;
        total: number;
        active: number;
        suspended: number;
        excluded: number;
        formalized: number;
        formalizationRate: number | null;
      } & FullySourced)
    | null;
  eradication:
    | ({
        operations: number;
        value: string;
        arrests: number;
        prosecutors: number;
        outposts: { id: string }[] | null;
      } & FullySourced)
    | null;
  recovery:
    | ({
        hectaresDegraded: number;
        degradedAreasDetected: number;
        hectaresRestored: number;
        restorationRatio: number | null;
        activeRestorationProjects: number;
      } & FullySourced)
    | null;
  livelihoods:
    | ({
        activeProjects: number;
        beneficiaries: { total: number; women: number; formerMiners: number };
        projects: { iatiIdentifier: string; title: string }[] | null;
      } & FullySourced)
    | null;
  services:
    | ({
        activeProjects: number;
        /** Soles *devengados* in the period (a Decimal, as a string). */
        executed: string;
        /** Accruals given only by year, of years the period covers only in part: not in `executed`. */
        yearlyAccrualsOutsidePeriodMonths: string;
        population: number;
        executedPerInhabitant: string | null;
        byFunction: FunctionExecution[];
      } & FullySourced)
    | null;
  indicators:
    | ({
        activeRecords: number;
        excludedRecords: number;
        operationsPerThousandActiveRecords: number | null;
        valueSeizedPerActiveRecord: string | null;
        restoredPerDegradedHectare: number | null;
        degradedHectaresPerActiveRecord: number | null;
        formerMinerBeneficiariesPerExcludedRecord: number | null;
        investmentExecutedPerActiveRecord: string | null;
        operationsPerMillionSolesInvested: number | null;
      } & FullySourced)
    | null;
}
