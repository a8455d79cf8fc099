import { parseInput } from "@tinkuy/kit";
import type { QueryResolvers } from "../generated/resolvers.ts";
import { iatiIdentifier, orgRef } from "../inputs.ts";
import { searchProjects } from "../search.ts";

/** Root queries: thin, each validates its arguments and calls a loader or a model function. */
export const Query: QueryResolvers = {
  livelihoodProject: (_, args, { loaders }) =>
    loaders.projectById.load(parseInput(iatiIdentifier, args.iatiIdentifier, "iatiIdentifier")),

  livelihoodProjects: (_, args, { models, loaders }) => searchProjects(models, loaders, args),

  donor: (_, args, { loaders }) => loaders.donorByRef.load(parseInput(orgRef, args.ref, "ref")),

  donors: (_, __, { models }) => models.Donor.find({}).sort({ _id: 1 }).lean().exec(),
};
