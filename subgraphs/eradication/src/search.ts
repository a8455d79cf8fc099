import {
  findPage,
  NATIONAL_UBIGEO,
  newestFirstOrder,
  pageSize,
  parsePeriod,
  regionCatalog,
  type Page,
  type Period,
} from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { Models, OperationDoc } from "./models.ts";
import type { Agency, OperationType } from "./vocabulary.ts";

/** Every operation's date falls inside this period: the counters answer "all dates" with it. */
const ALL_DATES: Period = {
  from: new Date("2012-01-01T00:00:00.000Z"),
  until: new Date("2100-01-01T00:00:00.000Z"),
};

/** The arguments of `enforcementOperations`. */
export interface SearchArgs {
  filter?:
    | {
        ubigeo?: string | null | undefined;
        period?: { from: Date; to: Date } | null | undefined;
        agency?: Agency | null | undefined;
        operationType?: OperationType | null | undefined;
      }
    | null
    | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** A page of operations (`EnforcementOperationConnection`). */
export type OperationPage = Page<OperationDoc>;

/** The field that locates an operation in a region of each level; none for Peru, where every operation is. */
const LEVEL_FIELD = {
  COUNTRY: null,
  DEPARTMENT: "department",
  PROVINCE: "province",
  DISTRICT: "district",
} as const;

/** Newest first; the cursor holds the date and identifier the page continues after. */
const NEWEST_FIRST = newestFirstOrder<OperationDoc>("enforcementOperations", "op", "date", "id");

/**
 * Runs `enforcementOperations`: validates the filter, reads one page more than asked (to know whether a next
 * page exists), newest first. The total comes from the region counters when the filter is only a region
 * and/or a period, so the common case never counts operations.
 */
export async function searchOperations(
  models: Models,
  loaders: Loaders,
  args: SearchArgs,
): Promise<OperationPage> {
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<OperationDoc> = {};
  let region: string | undefined;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    const field = LEVEL_FIELD[entry.level];
    if (field) query[field] = entry.ubigeo;
    region = entry.ubigeo;
  }
  let period: Period | undefined;
  if (filter.period != null) {
    period = parsePeriod(filter.period, "filter.period", () => filter.period as { from: Date; to: Date });
    query.date = { $gte: period.from, $lt: period.until };
  }
  if (filter.agency != null) query.agencies = filter.agency;
  if (filter.operationType != null) query.type = filter.operationType;

  const countedByStats = filter.agency == null && filter.operationType == null;
  const page = await findPage(models.Operation, {
    filter: query,
    first,
    after: args.after,
    order: NEWEST_FIRST,
    totalCount: async () => {
      if (!countedByStats) return models.Operation.countDocuments(query);
      const { from, until } = period ?? ALL_DATES;
      // No region: the whole country, whose figures the loader sums from the department counters.
      const figures = await loaders.figures.load({ ubigeo: region ?? NATIONAL_UBIGEO, from, until });
      return figures.operations;
    },
  });
  for (const { node } of page.edges) loaders.operationById.prime(node.id, node);
  return page;
}
