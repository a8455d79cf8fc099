import { pillarDatasets, type CatalogueSource } from "@tinkuy/kit";
import type { PipelineStage } from "mongoose";
import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";
import type { Models } from "../models.ts";

/** The catalogue as this pillar sees it: its identity only (recovery answers the rest). */
export interface CatalogueRef {
  id: string;
}

/**
 * The records' status changes as the catalogue counts them: one row per history entry (stored inside their
 * record, each with its own provenance: an extract's change is OFFICIAL, an editor's ENTERED). The kit reads
 * nothing of the model but `aggregate`.
 */
function statusChanges(models: Models): CatalogueSource["model"] {
  const unwound = {
    aggregate: (pipeline: PipelineStage[]) =>
      models.Record.aggregate([
        { $unwind: "$history" },
        { $replaceRoot: { newRoot: "$history" } },
        ...pipeline,
      ] as PipelineStage[]),
  };
  return unwound as unknown as CatalogueSource["model"];
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
        { entity: "ReinfoStatusChange", model: statusChanges(models) },
      ])
    ).map(
      // The `Date` scalar serializes dates: the kit gives `YYYY-MM-DD` texts.
      (dataset) => ({ ...dataset, issued: new Date(dataset.issued), modified: new Date(dataset.modified) }),
    ),
};
