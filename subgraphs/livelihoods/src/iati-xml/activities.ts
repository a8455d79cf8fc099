import type { ApolloServer, GraphQLResponse } from "@apollo/server";
import type { GraphQLFormattedError } from "graphql";
import type { ProvenanceKind } from "@tinkuy/kit";
import type { LivelihoodsContext } from "../context.ts";
import type {
  ActivityStatus,
  BudgetStatus,
  BudgetType,
  IndicatorMeasure,
  OrganisationRole,
  OrganisationType,
  ResultType,
  TransactionType,
} from "../iati.ts";

/** An organisation as the export reads it (`reporting-org`, `provider-org`, `receiver-org`). */
export interface OrganisationData {
  ref: string | null;
  name: string;
  type: OrganisationType | null;
}

/** A target or actual of an indicator period. */
export interface IndicatorValueData {
  value: number | null;
  comment: string | null;
}

/** An indicator with its baseline and periods. */
export interface IndicatorData {
  measure: IndicatorMeasure;
  ascending: boolean;
  title: string;
  description: string | null;
  baseline: { year: number; isoDate: string | null; value: number | null; comment: string | null } | null;
  periods: {
    periodStart: string;
    periodEnd: string;
    target: IndicatorValueData;
    actual: IndicatorValueData | null;
  }[];
}

/** A result of the framework. */
export interface ResultData {
  type: ResultType;
  title: string;
  description: string | null;
  indicators: IndicatorData[];
}

/** A transaction. */
export interface TransactionData {
  ref: string | null;
  type: TransactionType;
  date: string;
  value: string;
  currency: string;
  valueDate: string;
  description: string | null;
  providerOrg: OrganisationData | null;
  receiverOrg: OrganisationData | null;
}

/** A place where the project works, with the names and capital the catalog gives it. */
export interface LocationData {
  ubigeo: string;
  name: string;
  level: "DEPARTMENT" | "PROVINCE" | "DISTRICT";
  parent: { name: string; parent: { name: string } | null } | null;
  capital: { name: string; latitude: number; longitude: number };
}

/**
 * One project as the API shows it to the viewer of the export: exactly what `ACTIVITIES_QUERY` selects. Fields
 * the viewer may not read are null (`transactions` and `results` are for funders and staff).
 */
export interface ActivityData {
  iatiIdentifier: string;
  reportingOrg: OrganisationData;
  title: string;
  description: string;
  /** Only the kind: the export leaves `SYNTHETIC` projects out unless asked, and marks them when it writes them. */
  provenance: { kind: ProvenanceKind };
  status: ActivityStatus;
  activityDates: {
    plannedStart: string;
    actualStart: string | null;
    plannedEnd: string;
    actualEnd: string | null;
  };
  participatingOrgs: { role: OrganisationRole; ref: string | null; name: string; type: OrganisationType }[];
  sectors: { code: string; percentage: number }[];
  locations: LocationData[];
  defaultCurrency: string;
  budgets: {
    type: BudgetType;
    status: BudgetStatus;
    periodStart: string;
    periodEnd: string;
    value: { currency: string; value: string };
    valueDate: string;
  }[];
  transactions: TransactionData[] | null;
  results: ResultData[] | null;
  lastUpdated: string;
}

/** Projects per page the export asks for: the API's largest page. */
const PAGE = 100;

/**
 * Everything an `iati-activity` holds, read through the subgraph's own schema so that its `@access` rules decide
 * what the viewer of the export gets, exactly as for a GraphQL client.
 */
export const ACTIVITIES_QUERY = /* GraphQL */ `
  query IatiActivities($filter: LivelihoodProjectFilter, $first: Int!, $after: String) {
    livelihoodProjects(filter: $filter, first: $first, after: $after) {
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          iatiIdentifier
          reportingOrg {
            ref
            name
            type
          }
          title
          description
          provenance {
            kind
          }
          status
          activityDates {
            plannedStart
            actualStart
            plannedEnd
            actualEnd
          }
          participatingOrgs {
            role
            ref
            name
            type
          }
          sectors {
            code
            percentage
          }
          locations {
            ubigeo
            name
            level
            parent {
              name
              parent {
                name
              }
            }
            capital {
              name
              latitude
              longitude
            }
          }
          defaultCurrency
          budgets {
            type
            status
            periodStart
            periodEnd
            value {
              currency
              value
            }
            valueDate
          }
          transactions {
            ref
            type
            date
            value
            currency
            valueDate
            description
            providerOrg {
              ref
              name
              type
            }
            receiverOrg {
              ref
              name
              type
            }
          }
          results {
            type
            title
            description
            indicators {
              measure
              ascending
              title
              description
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
              }
            }
          }
          lastUpdated
        }
      }
    }
  }
`;

interface Page {
  livelihoodProjects: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ActivityData }[];
  } | null;
}

/** The API refused the export as a whole: its error code, message and (for bad input) the field. */
export class ExportRefused extends Error {
  readonly code: string;
  readonly field: string | null;
  constructor(code: string, message: string, field: string | null = null) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

const ROOT_REFUSALS = new Set(["FORBIDDEN", "UNAUTHENTICATED", "BAD_USER_INPUT"]);

function rootRefusal(errors: readonly GraphQLFormattedError[]): ExportRefused | null {
  const error = errors.find((e) => e.path?.length === 1 && e.path[0] === "livelihoodProjects");
  const code = error?.extensions?.["code"];
  if (!error || typeof code !== "string" || !ROOT_REFUSALS.has(code)) return null;
  const field = error.extensions?.["field"];
  return new ExportRefused(code, error.message, typeof field === "string" ? field : null);
}

/**
 * Reads every project the filter selects, page by page, as the viewer of `context`. A refusal of the whole list
 * (the public may not read projects; a malformed donor reference) is an `ExportRefused`; a field the viewer may
 * not read is null in the data (its FORBIDDEN error is expected and dropped); any other error is a failure.
 */
export async function loadActivities(
  apollo: ApolloServer<LivelihoodsContext>,
  context: () => Promise<LivelihoodsContext>,
  filter: { donorRef?: string },
): Promise<ActivityData[]> {
  const activities: ActivityData[] = [];
  let after: string | null = null;
  for (;;) {
    const response: GraphQLResponse<Page> = await apollo.executeOperation<Page>(
      { query: ACTIVITIES_QUERY, variables: { filter, first: PAGE, after } },
      // Fresh loaders per page: a long export must not hold every project it has read in memory twice.
      { contextValue: await context() },
    );
    if (response.body.kind !== "single") throw new Error("the export expects a single result");
    const { data, errors = [] } = response.body.singleResult;
    const refusal = rootRefusal(errors);
    if (refusal) throw refusal;
    const unexpected = errors.filter((e) => e.extensions?.["code"] !== "FORBIDDEN");
    if (unexpected.length > 0 || !data?.livelihoodProjects) {
      throw new Error(
        `the IATI export query failed: ${JSON.stringify(unexpected.length ? unexpected : errors)}`,
      );
    }
    const page = data.livelihoodProjects;
    for (const edge of page.edges) activities.push(edge.node);
    if (!page.pageInfo.hasNextPage || page.pageInfo.endCursor === null) return activities;
    after = page.pageInfo.endCursor;
  }
}
