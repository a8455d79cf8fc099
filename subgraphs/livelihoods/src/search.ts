import {
  ascendingOrder,
  findPage,
  NATIONAL_UBIGEO,
  pageSize,
  parseInput,
  regionCatalog,
  type Page,
} from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import { ACTIVITY_STATUS, DAC_SECTOR, ORG_ROLE, type ActivityStatus, type DacSector } from "./iati.ts";
import { orgRef } from "./inputs.ts";
import type { Loaders } from "./loaders.ts";
import type { Models, ProjectDoc } from "./models.ts";

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

/** A page of projects (`LivelihoodProjectConnection`). */
export type ProjectPage = Page<ProjectDoc>;

/** IATI-identifier order; the cursor holds the identifier the page continues after. */
const BY_IDENTIFIER = ascendingOrder<ProjectDoc>("livelihoodProjects", "project", "iatiIdentifier");

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
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<ProjectDoc> = {};
  if (filter.ubigeo != null) {
    const region = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    // Peru as a whole holds every project: no membership code to match.
    if (region.ubigeo !== NATIONAL_UBIGEO) query.regionCodes = region.ubigeo;
  }
  if (filter.status != null) query.activityStatus = ACTIVITY_STATUS[filter.status];
  if (filter.sector != null) query["sectors.code"] = DAC_SECTOR[filter.sector];
  if (filter.donorRef != null) {
    const ref = parseInput(orgRef, filter.donorRef, "filter.donorRef");
    query.participatingOrgs = { $elemMatch: { role: ORG_ROLE.FUNDING, ref } };
  }
  const page = await findPage(models.Project, {
    filter: query,
    first,
    after: args.after,
    order: BY_IDENTIFIER,
    totalCount: () => models.Project.countDocuments(query).exec(),
  });
  for (const { node } of page.edges) loaders.projectById.prime(node.iatiIdentifier, node);
  return page;
}
