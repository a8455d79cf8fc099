import {
  ascendingOrder,
  badUserInput,
  findPage,
  pageSize,
  parseRuc,
  NATIONAL_UBIGEO,
  regionCatalog,
  type Page,
  type RegionLevel,
} from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import { currentFigures } from "./current-figures.ts";
import type { Loaders } from "./loaders.ts";
import type { Models, RecordDoc } from "./models.ts";
import type { FiguresAsOf } from "./status-ledger.ts";
import { ESTADO_OF, type ReinfoStatus } from "./status.ts";

/** The arguments of `reinfoRecords`. */
export interface SearchArgs {
  filter?:
    | {
        ubigeo?: string | null | undefined;
        status?: ReinfoStatus | null | undefined;
        ruc?: string | null | undefined;
        text?: string | null | undefined;
      }
    | null
    | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** What the viewer's access allows the search to look at. */
export interface SearchScope {
  /**
   * Whether `filter.text` may match miners' names (NOMBRE_MIN): only for a viewer who sees them unmasked.
   * Otherwise a viewer shown "Q. M. J. C." could confirm who is behind the initials by searching a full name.
   */
  searchNames: boolean;
}

/** A page of records (`ReinfoRecordConnection`). */
export type RecordPage = Page<RecordDoc>;

/** The stored column a region filter compares at each level; none for Peru (`00`): every record is in it. */
const LEVEL_FIELD: Record<RegionLevel, "ID_DEPA" | "ID_PROV" | "ID_DIST" | null> = {
  COUNTRY: null,
  DEPARTMENT: "ID_DEPA",
  PROVINCE: "ID_PROV",
  DISTRICT: "ID_DIST",
};

/** Registry-code order; the cursor holds the code the page continues after. */
const BY_CODE = ascendingOrder<RecordDoc>("reinfoRecords", "reinfo", "COD_REINFO");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Runs `reinfoRecords`: validates the filter, reads one page more than asked (to know whether a next page
 * exists), in registry-code order. The total comes from the region counters when the filter is only a region
 * and/or a status, so the common case never scans the registry. `filter.text` matches the registry code and the
 * mining right's name and code, and the miner's name only when `scope.searchNames` (legal representatives'
 * names are never searched).
 */
export async function searchRecords(
  models: Models,
  loaders: Loaders,
  args: SearchArgs,
  scope: SearchScope,
): Promise<RecordPage> {
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<RecordDoc> = {};
  let region = NATIONAL_UBIGEO;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    const field = LEVEL_FIELD[entry.level];
    if (field) query[field] = entry.ubigeo;
    region = entry.ubigeo;
  }
  if (filter.status != null) query.ESTADO = ESTADO_OF[filter.status];
  if (filter.ruc != null) query.M_RUC = parseRuc(filter.ruc, "filter.ruc");
  if (filter.text != null) {
    const words = filter.text.trim();
    if (words.length < 2 || words.length > 100) {
      throw badUserInput("filter.text", "text must be 2 to 100 characters");
    }
    const pattern = new RegExp(escapeRegExp(words), "i");
    query.$or = [
      ...(scope.searchNames ? [{ NOMBRE_MIN: pattern }] : []),
      { NOMBRE_DM: pattern },
      { ID_UNIDAD: pattern },
      { COD_REINFO: pattern },
    ];
  }
  const countedByStats = filter.ruc == null && filter.text == null;
  const page = await findPage(models.Record, {
    filter: query,
    first,
    after: args.after,
    order: BY_CODE,
    totalCount: async () => {
      if (!countedByStats) return models.Record.countDocuments(query);
      // The whole registry (no region, or Peru's `00`) is what the department counters add up to.
      return countOf(await currentFigures(loaders, region), filter.status ?? undefined);
    },
  });
  for (const { node } of page.edges) loaders.recordByCode.prime(node.COD_REINFO, node);
  return page;
}

function countOf(figures: FiguresAsOf, status: ReinfoStatus | undefined): number {
  return status ? figures[ESTADO_OF[status]] : figures.total;
}
