import { badUserInput } from "@tinkuy/kit";
import type { QueryResolvers } from "../generated/resolvers.ts";
import { searchProjects } from "../search.ts";
import { CUI, CUI_RULE } from "../vocabulary.ts";

/** Root queries: thin, each validates its arguments and calls a loader or a search. */
export const Query: QueryResolvers = {
  investmentProject(_, { cui }, { loaders }) {
    if (!CUI.test(cui)) throw badUserInput("cui", CUI_RULE);
    return loaders.projectByCui.load(cui);
  },
  investmentProjects: (_, args, { models, loaders }) => searchProjects(models, loaders, args),
};
