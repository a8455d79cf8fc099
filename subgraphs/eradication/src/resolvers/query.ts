import { badUserInput, regionCatalog } from "@tinkuy/kit";
import type { QueryResolvers } from "../generated/resolvers.ts";
import type { OfficeDoc, OutpostDoc } from "../models.ts";
import { searchReportedFigures } from "../reported-figures.ts";
import { searchOperations } from "../search.ts";

const IDENTIFIER = /^[A-Za-z0-9-]{3,40}$/;

/** Root queries: thin, each validates its arguments and calls a loader or a model function. */
export const Query: QueryResolvers = {
  enforcementOperation(_, { id }, { loaders }) {
    if (!IDENTIFIER.test(id))
      throw badUserInput("id", "an operation identifier is 3 to 40 letters, digits or dashes");
    return loaders.operationById.load(id);
  },

  enforcementOperations: (_, args, { models, loaders }) => searchOperations(models, loaders, args),

  securityOutposts(_, { ubigeo }, { models, loaders }) {
    if (ubigeo == null) return models.Outpost.find().sort({ id: 1 }).lean<OutpostDoc[]>().exec();
    return loaders.outpostsByRegion.load(regionCatalog().require(ubigeo, "ubigeo").ubigeo);
  },

  prosecutorOffices(_, { ubigeo }, { models, loaders }) {
    if (ubigeo == null) return models.Office.find().sort({ id: 1 }).lean<OfficeDoc[]>().exec();
    return loaders.officesByRegion.load(regionCatalog().require(ubigeo, "ubigeo").ubigeo);
  },

  async reportedFigures(_, args, { models, loaders }) {
    const page = await searchReportedFigures(models, args);
    for (const { node } of page.edges) loaders.reportedFigureById.prime(node.id, node);
    return page;
  },
};
