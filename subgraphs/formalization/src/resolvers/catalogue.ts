import { formalizationDatasets } from "../datasets.ts";
import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";

/** The catalogue as this pillar sees it: its identity only (recovery answers the rest). */
export interface CatalogueRef {
  id: string;
}

/**
 * `DatasetCatalogue`: this pillar's part of the hub's catalogue, the datasets behind its REINFO records and their
 * status changes, read from the departments' counters (one find); recovery merges them with the other pillars'.
 */
export const DatasetCatalogue: DatasetCatalogueResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  formalizationDatasets: async (_, __, { models }) =>
    (await formalizationDatasets(models)).map(
      // The `Date` scalar serializes dates: the kit gives `YYYY-MM-DD` texts.
      (dataset) => ({ ...dataset, issued: new Date(dataset.issued), modified: new Date(dataset.modified) }),
    ),
};
