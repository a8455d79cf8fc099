import { badUserInput, parsePeriod, regionCatalog, type Period } from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { Models, OperationDoc } from "./models.ts";
import type { Agency, OperationType } from "./vocabulary.ts";

/** Page sizes: the default, and the most one request may ask for. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

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

/** A page of operations, with the total computed only if asked for. */
export interface OperationPage {
  edges: { cursor: string; node: OperationDoc }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number>;
}

const LEVEL_FIELD = { DEPARTMENT: "department", PROVINCE: "province", DISTRICT: "district" } as const;

/** Cursors are opaque to clients: base64 of the date and identifier the page continues after. */
export function encodeCursor(operation: Pick<OperationDoc, "date" | "id">): string {
  return Buffer.from(`op:${operation.date.toISOString().slice(0, 10)}|${operation.id}`, "utf8").toString(
    "base64url",
  );
}

function decodeCursor(cursor: string): { date: Date; id: string } {
  const match = /^op:(\d{4}-\d{2}-\d{2})\|(.+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const date = match ? new Date(`${match[1]}T00:00:00.000Z`) : new Date(Number.NaN);
  if (!match || Number.isNaN(date.getTime())) {
    throw badUserInput("after", "not a cursor returned by enforcementOperations");
  }
  return { date, id: match[2] as string };
}

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
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badUserInput("first", `first must be between 1 and ${MAX_PAGE}`);
  }
  const filter = args.filter ?? {};
  const query: QueryFilter<OperationDoc> = {};
  let region: string | undefined;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    query[LEVEL_FIELD[entry.level]] = entry.ubigeo;
    region = entry.ubigeo;
  }
  let period: Period | undefined;
  if (filter.period != null) {
    period = parsePeriod(filter.period, "filter.period", () => filter.period as { from: Date; to: Date });
    query.date = { $gte: period.from, $lt: period.until };
  }
  if (filter.agency != null) query.agencies = filter.agency;
  if (filter.operationType != null) query.type = filter.operationType;

  const page: QueryFilter<OperationDoc> = { ...query };
  if (args.after != null) {
    const after = decodeCursor(args.after);
    page.$or = [{ date: { $lt: after.date } }, { date: after.date, id: { $lt: after.id } }];
  }
  const docs = await models.Operation.find(page)
    .sort({ date: -1, id: -1 })
    .limit(first + 1)
    .lean<OperationDoc[]>();
  const hasNextPage = docs.length > first;
  const nodes = docs.slice(0, first);
  for (const node of nodes) loaders.operationById.prime(node.id, node);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node), node }));
  const countedByStats = filter.agency == null && filter.operationType == null;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: async () => {
      if (!countedByStats) return models.Operation.countDocuments(query);
      const { from, until } = period ?? ALL_DATES;
      // The whole country: the department counters add up to it.
      const codes = region
        ? [region]
        : regionCatalog()
            .list({ level: "DEPARTMENT" })
            .map((d) => d.ubigeo);
      const figures = await loaders.figures.loadMany(codes.map((ubigeo) => ({ ubigeo, from, until })));
      return figures.reduce<number>((sum, f) => {
        if (f instanceof Error) throw f;
        return sum + f.operations;
      }, 0);
    },
  };
}
