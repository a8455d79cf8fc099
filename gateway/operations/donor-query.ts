/**
 * The funding organisations, for staff choosing whose projects the donor page shows (a donor sees its own).
 * Donors and staff only.
 */
export const DONORS_QUERY = /* GraphQL */ `
  query DashboardDonors {
    donors {
      ref
      name
    }
  }
`;

/** One donor as `DONORS_QUERY` lists it. */
export interface DonorName {
  ref: string;
  name: string;
}

/**
 * One funding organisation's projects as IATI reports them, for the dashboard's donor page: each project's
 * results framework (every indicator's baseline, and its target and actual per period) and its transactions
 * (commitments, disbursements, expenditures), in one request. Results and transactions are for the project's
 * funders and staff only: another donor's are null, with FORBIDDEN.
 */
export const DONOR_QUERY = /* GraphQL */ `
  query DashboardDonor($ref: ID!) {
    donor(ref: $ref) {
      ref
      name
      committed {
        currency
        value
      }
      disbursed {
        currency
        value
      }
      projects {
        iatiIdentifier
        title
        status
        activityDates {
          plannedStart
          actualStart
          plannedEnd
          actualEnd
        }
        results {
          type
          title
          indicators {
            code
            title
            measure
            ascending
            baseline {
              year
              isoDate
              value
              comment
            }
            periods {
              periodStart
              periodEnd
              target {
                value
                comment
              }
              actual {
                value
                comment
              }
              progress
            }
          }
        }
        transactions {
          ref
          type
          date
          value
          currency
          description
          providerOrg {
            name
          }
          receiverOrg {
            name
          }
        }
      }
    }
  }
`;

/** An amount in one currency (a Decimal as its exact string). */
export interface Money {
  currency: string;
  value: string;
}

/** A target or an actual: a value, a comment, or both. */
export interface IndicatorValue {
  value: number | null;
  comment: string | null;
}

/** One indicator of a project's results framework, as `DONOR_QUERY` asks it. */
export interface ProjectIndicator {
  code: string;
  title: string;
  measure: string;
  ascending: boolean;
  baseline: { year: number; isoDate: string | null; value: number | null; comment: string | null } | null;
  periods: {
    periodStart: string;
    periodEnd: string;
    target: IndicatorValue;
    actual: IndicatorValue | null;
    progress: number | null;
  }[];
}

/** One transaction of a project. */
export interface ProjectTransaction {
  ref: string | null;
  type: string;
  date: string;
  value: string;
  currency: string;
  description: string | null;
  providerOrg: { name: string } | null;
  receiverOrg: { name: string } | null;
}

/** One project of the donor, as `DONOR_QUERY` returns it. */
export interface DonorProject {
  iatiIdentifier: string;
  title: string;
  status: string;
  activityDates: {
    plannedStart: string;
    actualStart: string | null;
    plannedEnd: string;
    actualEnd: string | null;
  };
  /** Null when the viewer may not read it (another donor's project) or the pillar did not answer. */
  results: { type: string; title: string; indicators: ProjectIndicator[] }[] | null;
  transactions: ProjectTransaction[] | null;
}

/** `DONOR_QUERY`'s donor; null when there is none with that reference. */
export interface DonorProjects {
  ref: string;
  name: string;
  committed: Money[];
  disbursed: Money[];
  projects: DonorProject[];
}
