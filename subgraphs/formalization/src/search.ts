import { badUserInput, parseRuc, regionCatalog } from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { Models, RecordDoc } from "./models.ts";
import { ESTADO_OF, type ReinfoStatus } from "./status.ts";

/** Page sizes: the default, and the most one request may ask for. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

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

/** A page of records, with the total computed only if asked for. */
export interface RecordPage {
  edges: { cursor: string; node: RecordDoc }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number>;
}

const LEVEL_FIELD = { DEPARTMENT: "ID_DEPA", PROVINCE: "ID_PROV", DISTRICT: "ID_DIST" } as const;

/** Cursors are opaque to clients: base64 of the registry code the page continues after. */
export function encodeCursor(code: string): string {
  return Buffer.from(`reinfo:${code}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith("reinfo:") || decoded.length <= 7) {
    throw badUserInput("after", "not a cursor returned by reinfoRecords");
  }
  return decoded.slice(7);
}

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
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badUserInput("first", `first must be between 1 and ${MAX_PAGE}`);
  }
  const filter = args.filter ?? {};
  const query: QueryFilter<RecordDoc> = {};
  let region: string | undefined;
  if (filter.ubigeo != null) {
    const entry = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    query[LEVEL_FIELD[entry.level]] = entry.ubigeo;
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
  const page: QueryFilter<RecordDoc> = { ...query };
  if (args.after != null) page.COD_REINFO = { $gt: decodeCursor(args.after) };

  const docs = await models.Record.find(page)
    .sort({ COD_REINFO: 1 })
    .limit(first + 1)
    .lean<RecordDoc[]>();
  const hasNextPage = docs.length > first;
  const nodes = docs.slice(0, first);
  for (const node of nodes) loaders.recordByCode.prime(node.COD_REINFO, node);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.COD_REINFO), node }));
  const countedByStats = filter.ruc == null && filter.text == null;
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: async () => {
      if (!countedByStats) return models.Record.countDocuments(query);
      if (region === undefined) {
        // The whole registry: the department counters add up to it.
        const departments = regionCatalog().list({ level: "DEPARTMENT" });
        const stats = await loaders.statsByUbigeo.loadMany(departments.map((d) => d.ubigeo));
        return stats.reduce<number>((sum, s) => sum + countOf(s, filter.status ?? undefined), 0);
      }
      return countOf(await loaders.statsByUbigeo.load(region), filter.status ?? undefined);
    },
  };
}

function countOf(stats: unknown, status: ReinfoStatus | undefined): number {
  if (!stats || stats instanceof Error) return 0;
  const s = stats as Record<string, number>;
  return status ? (s[ESTADO_OF[status]] ?? 0) : (s.total ?? 0);
}
