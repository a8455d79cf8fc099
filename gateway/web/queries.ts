import type { MonthSpan } from "./period.ts";

/** The departments with every figure the map and the table show, for one period. */
export const REGIONS_QUERY = /* GraphQL */ `
  query DashboardRegions($period: PeriodInput!) {
    regions {
      ubigeo
      name
      capital {
        name
        latitude
        longitude
      }
      formalization {
        active
      }
      eradication(period: $period) {
        operations
        value
      }
      recovery(period: $period) {
        hectaresDegraded
        hectaresRestored
      }
      livelihoods(period: $period) {
        activeProjects
        beneficiaries {
          total
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
      }
    }
  }
`;

/** One department as `REGIONS_QUERY` returns it; a pillar's part is null when the viewer or the pillar can't. */
export interface RegionRow {
  ubigeo: string;
  name: string;
  capital: { name: string; latitude: number; longitude: number };
  formalization: { active: number } | null;
  eradication: { operations: number; value: string } | null;
  recovery: { hectaresDegraded: number; hectaresRestored: number } | null;
  livelihoods: { activeProjects: number; beneficiaries: { total: number } } | null;
  indicators: {
    activeRecords: number;
    formalizationRate: number | null;
    operationsPerThousandActiveRecords: number | null;
    valueSeizedPerActiveRecord: string | null;
    restoredPerDegradedHectare: number | null;
    degradedHectaresPerActiveRecord: number | null;
    formerMinerBeneficiariesPerExcludedRecord: number | null;
  } | null;
}

/**
 * Every district's capital: the map draws Peru's shape from these 1,891 points (a light outline that needs no
 * boundary file, and shows where people live). Asked once per page; the catalog does not change with the period.
 */
export const DISTRICTS_QUERY = /* GraphQL */ `
  query DashboardDistricts {
    regions(level: DISTRICT) {
      capital {
        latitude
        longitude
      }
    }
  }
`;

/** A point on the map, in degrees. */
export interface Point {
  latitude: number;
  longitude: number;
}

/** One department's four pillars for one period: what the detail panels show besides the monthly series. */
export const REGION_QUERY = /* GraphQL */ `
  query DashboardRegion($ubigeo: ID!, $period: PeriodInput!) {
    region(ubigeo: $ubigeo) {
      ubigeo
      name
      formalization {
        total
        active
        suspended
        excluded
        formalized
        formalizationRate
      }
      eradication(period: $period) {
        operations
        value
        arrests
        prosecutors
        outposts {
          id
        }
      }
      recovery(period: $period) {
        hectaresDegraded
        degradedAreasDetected
        hectaresRestored
        restorationRatio
        activeRestorationProjects
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
      }
    }
  }
`;

/** `REGION_QUERY`'s department. */
export interface RegionDetail {
  ubigeo: string;
  name: string;
  formalization: {
    total: number;
    active: number;
    suspended: number;
    excluded: number;
    formalized: number;
    formalizationRate: number | null;
  } | null;
  eradication: {
    operations: number;
    value: string;
    arrests: number;
    prosecutors: number;
    outposts: { id: string }[] | null;
  } | null;
  recovery: {
    hectaresDegraded: number;
    degradedAreasDetected: number;
    hectaresRestored: number;
    restorationRatio: number | null;
    activeRestorationProjects: number;
  } | null;
  livelihoods: {
    activeProjects: number;
    beneficiaries: { total: number; women: number; formerMiners: number };
    projects: { iatiIdentifier: string; title: string }[] | null;
  } | null;
}

/**
 * Months per request of the monthly series: each month is an alias of `eradication(period:)`, and the gateway
 * refuses an operation with more than 15 aliases (`gateway/src/limits.ts`).
 */
export const MONTHS_PER_REQUEST = 12;

/** One department's operations and value for each of `months` (at most `MONTHS_PER_REQUEST`), one alias each. */
export function monthsQuery(months: MonthSpan[]): { query: string; variables: Record<string, unknown> } {
  if (months.length > MONTHS_PER_REQUEST) throw new Error(`at most ${MONTHS_PER_REQUEST} months per request`);
  const declarations = months.map((_, i) => `$m${i}: PeriodInput!`).join(", ");
  const fields = months.map((_, i) => `m${i}: eradication(period: $m${i}) { operations value }`).join("\n");
  const query = `query DashboardMonths($ubigeo: ID!, ${declarations}) { region(ubigeo: $ubigeo) { ${fields} } }`;
  const variables = Object.fromEntries(months.map((m, i) => [`m${i}`, { from: m.from, to: m.to }]));
  return { query, variables };
}

/** What `monthsQuery` returns under `region`: `m0`, `m1`, … */
export type MonthFigures = Record<string, { operations: number; value: string } | null>;

/**
 * Every operation text the dashboard can send (the monthly series has one text per number of months). The gateway
 * adds them to its persisted-operations safelist, so the dashboard keeps working where only registered operations
 * run (`PERSISTED_OPERATIONS=enforce`).
 */
export function dashboardOperations(): string[] {
  const months: MonthSpan[] = Array.from({ length: MONTHS_PER_REQUEST }, () => ({
    from: "",
    to: "",
    month: "",
  }));
  const series = months.map((_, i) => monthsQuery(months.slice(0, i + 1)).query);
  return [REGIONS_QUERY, DISTRICTS_QUERY, REGION_QUERY, ...series];
}
