import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";
import { livelihoodsDatasets } from "../catalogue.ts";

/** `DatasetCatalogue`: this pillar's part of the catalogue recovery answers (`Query.datasets`). */
export const DatasetCatalogue: DatasetCatalogueResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  livelihoodsDatasets: (_, __, { models }) => livelihoodsDatasets(models),
};
