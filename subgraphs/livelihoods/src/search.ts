import { badUserInput, parseInput, regionCatalog } from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import { ACTIVITY_STATUS, DAC_SECTOR, ORG_ROLE, type ActivityStatus, type DacSector } from "./iati.ts";
import { orgRef } from "./inputs.ts";
import type { Loaders } from "./loaders.ts";
import type { Models, ProjectDoc } from "./models.ts";

/** Page sizes: the default, and the most one request may ask for. */
export const DEFAULT_PAGE = 20;
export const MAX_PAGE = 100;

/** The arguments of `livelihoodProjects`. */
export interface SearchArgs {
  filter?:
    | {
        ubigeo?: string | null | undefined;
        status?: ActivityStatus | null | undefined;
        sector?: DacSector | null | undefined;
        donorRef?: string | null | undefined;
      }
    | null
    | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}

/** A page of projects, with the total computed only if asked for. */
export interface ProjectPage {
  edges: { cursor: string; node: ProjectDoc }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number>;
}

const PREFIX = "project:";

/** Cursors are opaque to clients: base64 of the IATI identifier the page continues after. */
export function encodeCursor(id: string): string {
  return Buffer.from(`${PREFIX}${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, "base64url").toString("utf8");
  if (!decoded.startsWith(PREFIX) || decoded.length <= PREFIX.length) {
    throw badUserInput("after", "not a cursor returned by livelihoodProjects");
  }
  return decoded.slice(PREFIX.length);
}

/**
 * Runs `livelihoodProjects`: validates the filter, reads one page more than asked (to know whether a next page
 * exists) in IATI-identifier order, and counts the matches only when `totalCount` is selected. A region filter
 * is an equality on the membership codes each project carries, at any level.
 */
export async function searchProjects(
  models: Models,
  loaders: Loaders,
  args: SearchArgs,
): Promise<ProjectPage> {
  const first = args.first ?? DEFAULT_PAGE;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE) {
    throw badUserInput("first", `first must be between 1 and ${MAX_PAGE}`);
  }
  const filter = args.filter ?? {};
  const query: QueryFilter<ProjectDoc> = {};
  if (filter.ubigeo != null)
    query.regionCodes = regionCatalog().require(filter.ubigeo, "filter.ubigeo").ubigeo;
  if (filter.status != null) query.activityStatus = ACTIVITY_STATUS[filter.status];
  if (filter.sector != null) query["sectors.code"] = DAC_SECTOR[filter.sector];
  if (filter.donorRef != null) {
    const ref = parseInput(orgRef, filter.donorRef, "filter.donorRef");
    query.participatingOrgs = { $elemMatch: { role: ORG_ROLE.FUNDING, ref } };
  }
  const page: QueryFilter<ProjectDoc> = { ...query };
  if (args.after != null) page.iatiIdentifier = { $gt: decodeCursor(args.after) };

  const docs = await models.Project.find(page)
    .sort({ iatiIdentifier: 1 })
    .limit(first + 1)
    .lean<ProjectDoc[]>();
  const hasNextPage = docs.length > first;
  const nodes = docs.slice(0, first);
  for (const node of nodes) loaders.projectById.prime(node.iatiIdentifier, node);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.iatiIdentifier), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
    totalCount: () => models.Project.countDocuments(query).exec(),
  };
}
