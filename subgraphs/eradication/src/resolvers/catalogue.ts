import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";
import { eradicationDatasets } from "../catalogue.ts";

/** `DatasetCatalogue`: this pillar's part of the one catalogue (recovery answers `items`). */
export const DatasetCatalogue: DatasetCatalogueResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  eradicationDatasets: (_, __, { models }) => eradicationDatasets(models),
};
