import { badUserInput, descendantPrefix, regionCatalog } from "@tinkuy/kit";
import type { QueryResolvers } from "../generated/resolvers.ts";
import type { ProjectDoc } from "../models.ts";
import { CATALOGUE_ID } from "../catalogue.ts";
import { searchAreas, searchLiabilities } from "../search.ts";
import { AREA_ID, AREA_ID_RULE } from "../inputs.ts";

function requireFormat(value: string, pattern: RegExp, field: string, message: string): string {
  if (!pattern.test(value)) throw badUserInput(field, message);
  return value;
}

/** Root queries: thin, each validates its arguments and calls a loader or a model function. */
export const Query: QueryResolvers = {
  degradedAreas: (_, args, { models, loaders }) => searchAreas(models, loaders, args),

  degradedArea: (_, { id }, { loaders }) =>
    loaders.areaByCode.load(requireFormat(id, AREA_ID, "id", AREA_ID_RULE)),

  miningLiabilities: (_, args, { models, loaders }) => searchLiabilities(models, loaders, args),

  miningLiability: (_, { id }, { loaders }) =>
    loaders.liabilityById.load(
      requireFormat(id, /^[A-Za-z0-9-]{1,20}$/, "id", "an inventory ID is 1 to 20 letters, digits or dashes"),
    ),

  async restorationProjects(_, { ubigeo, status }, { models, loaders }) {
    const filter: Record<string, unknown> = {};
    // Peru (`00`) selects every project, as when omitted.
    if (ubigeo != null) {
      const prefix = descendantPrefix(regionCatalog().require(ubigeo, "ubigeo").ubigeo);
      if (prefix !== "") filter.ubigeo = { $regex: `^${prefix}` };
    }
    if (status != null) filter.status = status;
    const projects = await models.Project.find(filter).sort({ code: 1 }).lean<ProjectDoc[]>();
    for (const project of projects) loaders.projectByCode.prime(project.code, project);
    return projects;
  },

  datasets: () => ({ id: CATALOGUE_ID }),

  restorationProject: (_, { id }, { loaders }) =>
    loaders.projectByCode.load(
      requireFormat(
        id,
        /^RP-\d{4,8}$/,
        "id",
        "a restoration project's identifier is RP- and four to eight digits",
      ),
    ),
};
