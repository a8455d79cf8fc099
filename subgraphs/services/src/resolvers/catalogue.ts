import { servicesDatasets } from "../catalogue.ts";
import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";

/** `DatasetCatalogue`: this pillar's part of the catalogue recovery answers (`Query.datasets`). */
export const DatasetCatalogue: DatasetCatalogueResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  servicesDatasets: (_, __, { models }) => servicesDatasets(models),
};
