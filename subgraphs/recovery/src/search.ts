import { badUserInput, normalizeName, parsePeriod, regionCatalog, yearOf } from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { AreaDoc, LiabilityDoc, Models } from "./models.ts";
import type { DegradationCause, DetectionSource, RiskKey, RiskLevel } from "./vocabulary.ts";

/** Page sizes: the default, and the most one request may ask for. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/** Relay page state. */
interface PageInfo {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
}

/** A page of nodes, with the total computed only if asked for. */
interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: PageInfo;
  totalCount: () => Promise<number>;
}
export type AreaPage = Page<AreaDoc>;
export type LiabilityPage = Page<LiabilityDoc>;

type Maybe<T> = T | null | undefined;

const LEVEL = {
  area: { DEPARTMENT: "department", PROVINCE: "province", DISTRICT: "district" },
  liability: { DEPARTMENT: "ID_DEPA", PROVINCE: "ID_PROV", DISTRICT: "ID_DIST" },
} as const;

/** Cursors are opaque to clients: base64 of a tag and the position the next page continues after. */
function encodeCursor(tag: string, position: string): string {
  return Buffer.from(`${tag}:${position}`, "utf8").toString("base64url");
}

function decodeCursor(tag: string, cursor: string, query: string): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith(`${tag}:`) || decoded.length <= tag.length + 1) {
    throw badUserInput("after", `not a cursor returned by ${query}`);
  }
  return decoded.slice(tag.length + 1);
}

function pageSize(first: Maybe<number>): number {
  const size = first ?? DEFAULT_PAGE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE) {
    throw badUserInput("first", `first must be between 1 and ${MAX_PAGE}`);
  }
  return size;
}

function page<T>(
  docs: T[],
  size: number,
  cursorOf: (node: T) => string,
  total: () => Promise<number>,
): Page<T> {
  const nodes = docs.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: docs.length > size,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: total,
  };
}

/** The arguments of `degradedAreas`. */
export interface AreaSearchArgs {
  filter?: Maybe<{
    ubigeo?: Maybe<string>;
    cause?: Maybe<DegradationCause>;
    source?: Maybe<DetectionSource>;
    period?: Maybe<{ from: Date; to: Date }>;
  }>;
  first?: Maybe<number>;
  after?: Maybe<string>;
}

/**
 * Runs `degradedAreas`: most recent detection first (ties by identifier, descending), one page more than asked
 * to know whether a next page exists. The cursor holds the last area's detection date and identifier.
 */
export async function searchAreas(models: Models, loaders: Loaders, args: AreaSearchArgs): Promise<AreaPage> {
  const size = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<AreaDoc> = {};
  if (filter.ubigeo != null) {
    const region = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    query[LEVEL.area[region.level]] = region.ubigeo;
  }
  if (filter.cause != null) query.cause = filter.cause;
  if (filter.source != null) query.source = filter.source;
  if (filter.period != null) {
    const { from, until } = parsePeriod(filter.period, "filter.period", () => yearOf(new Date()));
    query.detectedOn = { $gte: from, $lt: until };
  }
  const paged: QueryFilter<AreaDoc> = { ...query };
  if (args.after != null) {
    const position = decodeCursor("area", args.after, "degradedAreas");
    const [day = "", code = ""] = position.split("|");
    const date = new Date(`${day}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime()) || !code)
      throw badUserInput("after", "not a cursor returned by degradedAreas");
    paged.$and = [{ $or: [{ detectedOn: { $lt: date } }, { detectedOn: date, code: { $lt: code } }] }];
  }
  const docs = await models.Area.find(paged)
    .sort({ detectedOn: -1, code: -1 })
    .limit(size + 1)
    .lean<AreaDoc[]>();
  for (const doc of docs) loaders.areaByCode.prime(doc.code, doc);
  return page(
    docs,
    size,
    (area) => encodeCursor("area", `${area.detectedOn.toISOString().slice(0, 10)}|${area.code}`),
    () => models.Area.countDocuments(query).exec(),
  );
}

/** The arguments of `miningLiabilities`. */
export interface LiabilitySearchArgs {
  filter?: Maybe<{ ubigeo?: Maybe<string>; riskLevel?: Maybe<RiskLevel>; basin?: Maybe<string> }>;
  first?: Maybe<number>;
  after?: Maybe<string>;
}

/**
 * Runs `miningLiabilities` in the inventory's row order. The total comes from the region counters when the
 * filter is only a region and/or a risk level, so the common case never scans the inventory.
 */
export async function searchLiabilities(
  models: Models,
  loaders: Loaders,
  args: LiabilitySearchArgs,
): Promise<LiabilityPage> {
  const size = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<LiabilityDoc> = {};
  let region: string | undefined;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    query[LEVEL.liability[entry.level]] = entry.ubigeo;
    region = entry.ubigeo;
  }
  if (filter.riskLevel != null) query.riskLevel = filter.riskLevel;
  if (filter.basin != null) {
    const basin = normalizeName(filter.basin);
    if (basin.length < 2 || basin.length > 80)
      throw badUserInput("filter.basin", "a basin name is 2 to 80 characters");
    query.CUENCA = basin;
  }
  const paged: QueryFilter<LiabilityDoc> = { ...query };
  if (args.after != null) {
    const row = Number(decodeCursor("pam", args.after, "miningLiabilities"));
    if (!Number.isSafeInteger(row)) throw badUserInput("after", "not a cursor returned by miningLiabilities");
    paged.N = { $gt: row };
  }
  const docs = await models.Liability.find(paged)
    .sort({ N: 1 })
    .limit(size + 1)
    .lean<LiabilityDoc[]>();
  for (const doc of docs) loaders.liabilityById.prime(doc.ID, doc);
  const risk: RiskKey | undefined = filter.riskLevel ?? undefined;
  return page(
    docs,
    size,
    (liability) => encodeCursor("pam", String(liability.N)),
    async () => {
      if (filter.basin != null) return models.Liability.countDocuments(query).exec();
      const codes = region
        ? [region]
        : regionCatalog()
            .list({ level: "DEPARTMENT" })
            .map((d) => d.ubigeo);
      const totals = await loaders.totalsByUbigeo.loadMany(codes);
      let sum = 0;
      for (const stats of totals) {
        if (!stats || stats instanceof Error) continue;
        const counts = stats.liabilities ?? {};
        sum += risk ? (counts[risk] ?? 0) : Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);
      }
      return sum;
    },
  );
}
