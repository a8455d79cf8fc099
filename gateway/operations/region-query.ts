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
