import type { DatasetDoc } from "@tinkuy/kit";
import { CATALOGUE_ID, catalogueItems, ofKind } from "../catalogue.ts";
import type { DatasetCatalogueResolvers } from "../generated/resolvers.ts";

/**
 * A pillar's part as a representation carries it. The generated type reads its dates as the `Date` scalar's
 * parsed values, but representations are plain JSON: they arrive as `YYYY-MM-DD` texts, as `DatasetDoc` has them.
 */
const part = (datasets: unknown): DatasetDoc[] | null =>
  Array.isArray(datasets) ? (datasets as DatasetDoc[]) : null;

/**
 * `DatasetCatalogue`: this pillar owns it (`Query.datasets`) and answers `items` from its own datasets and the
 * other pillars' parts, which the gateway fetches first (`@requires`).
 */
export const DatasetCatalogue: DatasetCatalogueResolvers = {
  __resolveReference: (reference) =>
    reference.id === CATALOGUE_ID
      ? {
          id: reference.id,
          formalizationDatasets: part(reference.formalizationDatasets),
          eradicationDatasets: part(reference.eradicationDatasets),
          livelihoodsDatasets: part(reference.livelihoodsDatasets),
          servicesDatasets: part(reference.servicesDatasets),
        }
      : null,
  id: (catalogue) => catalogue.id,
  items: async (catalogue, { kind }, { models }) => ofKind(await catalogueItems(catalogue, models), kind),
  totalRecords: async (catalogue, { kind }, { models }) =>
    ofKind(await catalogueItems(catalogue, models), kind).reduce((sum, d) => sum + d.totalRecords, 0),
};
