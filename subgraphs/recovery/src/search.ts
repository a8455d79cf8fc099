import {
  ascendingOrder,
  badUserInput,
  findPage,
  newestFirstOrder,
  normalizeName,
  pageSize,
  parsePeriod,
  regionCatalog,
  yearOf,
  type Page,
} from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { AreaDoc, LiabilityDoc, Models } from "./models.ts";
import type { DegradationCause, DetectionSource, RiskKey, RiskLevel } from "./vocabulary.ts";

/** Which liabilities a listing takes, by whether the inventory lists them today (`LiabilityInventory`). */
export type InventoryFilter = "CURRENT" | "REMOVED" | "ALL";

/** The condition a listing's `inventory` adds: nothing for `ALL`. */
export function inventoryCondition(inventory: Maybe<InventoryFilter>): QueryFilter<LiabilityDoc> {
  switch (inventory ?? "CURRENT") {
    case "CURRENT":
      return { removedFromInventory: null };
    case "REMOVED":
      return { removedFromInventory: { $ne: null } };
    case "ALL":
      return {};
  }
}

/** Whether a liability is one a listing with this `inventory` takes. */
export function inInventory(liability: LiabilityDoc, inventory: Maybe<InventoryFilter>): boolean {
  const removed = liability.removedFromInventory != null;
  switch (inventory ?? "CURRENT") {
    case "CURRENT":
      return !removed;
    case "REMOVED":
      return removed;
    case "ALL":
      return true;
  }
}

/** A page of degraded areas (`DegradedAreaConnection`). */
export type AreaPage = Page<AreaDoc>;
/** A page of liabilities (`MiningLiabilityConnection`). */
export type LiabilityPage = Page<LiabilityDoc>;

type Maybe<T> = T | null | undefined;

/** The field holding a record's region code at each level; none for Peru (`00`): a filter on it selects all. */
const LEVEL = {
  area: { COUNTRY: null, DEPARTMENT: "department", PROVINCE: "province", DISTRICT: "district" },
  liability: { COUNTRY: null, DEPARTMENT: "ID_DEPA", PROVINCE: "ID_PROV", DISTRICT: "ID_DIST" },
} as const;

/** Most recent detection first (ties by identifier, descending); the cursor holds the date and identifier. */
const NEWEST_FIRST = newestFirstOrder<AreaDoc>("degradedAreas", "area", "detectedOn", "code");

/** The inventory's row order; the cursor holds the row number (N). */
const BY_ROW = ascendingOrder<LiabilityDoc>("miningLiabilities", "pam", "N", (position) => {
  const row = Number(position);
  return Number.isSafeInteger(row) ? row : undefined;
});

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
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<AreaDoc> = {};
  if (filter.ubigeo != null) {
    const region = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    const field = LEVEL.area[region.level];
    if (field) query[field] = region.ubigeo;
  }
  if (filter.cause != null) query.cause = filter.cause;
  if (filter.source != null) query.source = filter.source;
  if (filter.period != null) {
    const { from, until } = parsePeriod(filter.period, "filter.period", () => yearOf(new Date()));
    query.detectedOn = { $gte: from, $lt: until };
  }
  const page = await findPage(models.Area, {
    filter: query,
    first,
    after: args.after,
    order: NEWEST_FIRST,
    totalCount: () => models.Area.countDocuments(query).exec(),
  });
  for (const { node } of page.edges) loaders.areaByCode.prime(node.code, node);
  return page;
}

/** The arguments of `miningLiabilities`. */
export interface LiabilitySearchArgs {
  filter?: Maybe<{
    ubigeo?: Maybe<string>;
    riskLevel?: Maybe<RiskLevel>;
    basin?: Maybe<string>;
    inventory?: Maybe<InventoryFilter>;
  }>;
  first?: Maybe<number>;
  after?: Maybe<string>;
}

/**
 * Runs `miningLiabilities` in the inventory's row order, the liabilities the inventory lists today unless
 * `inventory` says otherwise. The total comes from the region counters (which count the current inventory) when
 * the filter is only a region and/or a risk level, so the common case never scans the inventory.
 */
export async function searchLiabilities(
  models: Models,
  loaders: Loaders,
  args: LiabilitySearchArgs,
): Promise<LiabilityPage> {
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<LiabilityDoc> = inventoryCondition(filter.inventory);
  let region: string | undefined;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    const field = LEVEL.liability[entry.level];
    if (field) {
      query[field] = entry.ubigeo;
      region = entry.ubigeo;
    }
  }
  if (filter.riskLevel != null) query.riskLevel = filter.riskLevel;
  if (filter.basin != null) {
    const basin = normalizeName(filter.basin);
    if (basin.length < 2 || basin.length > 80)
      throw badUserInput("filter.basin", "a basin name is 2 to 80 characters");
    query.CUENCA = basin;
  }
  const risk: RiskKey | undefined = filter.riskLevel ?? undefined;
  const page = await findPage(models.Liability, {
    filter: query,
    first,
    after: args.after,
    order: BY_ROW,
    totalCount: async () => {
      if (filter.basin != null || (filter.inventory ?? "CURRENT") !== "CURRENT")
        return models.Liability.countDocuments(query).exec();
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
  });
  for (const { node } of page.edges) loaders.liabilityById.prime(node.ID, node);
  return page;
}
