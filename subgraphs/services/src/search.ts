import { ascendingOrder, findPage, NATIONAL_UBIGEO, pageSize, regionCatalog, type Page } from "@tinkuy/kit";
import type { QueryFilter } from "mongoose";
import type { Loaders } from "./loaders.ts";
import type { Models, ProjectDoc } from "./models.ts";
import {
  functionCodeOf,
  type GovernmentFunction,
  type GovernmentLevel,
  type InvestmentStatus,
} from "./vocabulary.ts";

/** A page of investments (`InvestmentProjectConnection`). */
export type ProjectPage = Page<ProjectDoc>;

type Maybe<T> = T | null | undefined;

/** The arguments of `investmentProjects`. */
export interface ProjectSearchArgs {
  filter?: Maybe<{
    ubigeo?: Maybe<string>;
    function?: Maybe<GovernmentFunction>;
    status?: Maybe<InvestmentStatus>;
    governmentLevel?: Maybe<GovernmentLevel>;
  }>;
  first?: Maybe<number>;
  after?: Maybe<string>;
}

/** CUI order; the cursor holds the CUI. */
const BY_CUI = ascendingOrder<ProjectDoc>("investmentProjects", "cui", "cui", (position) =>
  /^\d{7}$/.test(position) ? position : undefined,
);

/**
 * Runs `investmentProjects` in CUI order, one page more than asked to know whether a next page exists. A region
 * at any level is one indexed equality on the investment's `regions` (its districts and the regions above them).
 */
export async function searchProjects(
  models: Models,
  loaders: Loaders,
  args: ProjectSearchArgs,
): Promise<ProjectPage> {
  const first = pageSize(args.first);
  const filter = args.filter ?? {};
  const query: QueryFilter<ProjectDoc> = {};
  if (filter.ubigeo != null) {
    const region = regionCatalog().require(filter.ubigeo, "filter.ubigeo");
    if (region.ubigeo !== NATIONAL_UBIGEO) query.regions = region.ubigeo;
  }
  if (filter.function != null) query.functionCode = functionCodeOf(filter.function);
  if (filter.status != null) query.status = filter.status;
  if (filter.governmentLevel != null) query.governmentLevel = filter.governmentLevel;
  const page = await findPage(models.Project, {
    filter: query,
    first,
    after: args.after,
    order: BY_CUI,
    totalCount: () => models.Project.countDocuments(query).exec(),
  });
  for (const { node } of page.edges) loaders.projectByCui.prime(node.cui, node);
  return page;
}
