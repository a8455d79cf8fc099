import { pillarDatasets } from "@tinkuy/kit";
import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";

/** The catalogue as this pillar sees it: its identity only (recovery answers the rest). */
export interface CatalogueRef {
  id: string;
}

/**
 * `DatasetCatalogue`: this pillar's part of the hub's catalogue, the datasets behind its REINFO records and
 * their status changes: two aggregations per request; recovery merges them with the other pillars' parts.
 */
export const DatasetCatalogue: DatasetCatalogueResolvers = {
  __resolveReference: (reference) => ({ id: reference.id }),
  formalizationDatasets: async (_, __, { models }) =>
    (
      await pillarDatasets("formalization", [
        { entity: "ReinfoRecord", model: models.Record },
        // One row per history entry, each with its own provenance (an extract's change OFFICIAL, an editor's
        // ENTERED).
        { entity: "ReinfoStatusChange", model: models.Record, unwind: "history" },
      ])
    ).map(
      // The `Date` scalar serializes dates: the kit gives `YYYY-MM-DD` texts.
      (dataset) => ({ ...dataset, issued: new Date(dataset.issued), modified: new Date(dataset.modified) }),
    ),
};
