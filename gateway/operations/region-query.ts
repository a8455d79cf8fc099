import type { Sourced } from "./sources.ts";

/** One department's four pillars for one period: what the dashboard's detail panels show besides the monthly series. */
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
        sources {
          kind
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
        }
      }
    }
  }
`;

/** `REGION_QUERY`'s department. */
export interface RegionDetail {
  ubigeo: string;
  name: string;
  formalization:
    | ({
        total: number;
        active: number;
        suspended: number;
        excluded: number;
        formalized: number;
        formalizationRate: number | null;
      } & Sourced)
    | null;
  eradication:
    | ({
        operations: number;
        value: string;
        arrests: number;
        prosecutors: number;
        outposts: { id: string }[] | null;
      } & Sourced)
    | null;
  recovery:
    | ({
        hectaresDegraded: number;
        degradedAreasDetected: number;
        hectaresRestored: number;
        restorationRatio: number | null;
        activeRestorationProjects: number;
      } & Sourced)
    | null;
  livelihoods:
    | ({
        activeProjects: number;
        beneficiaries: { total: number; women: number; formerMiners: number };
        projects: { iatiIdentifier: string; title: string }[] | null;
      } & Sourced)
    | null;
}
