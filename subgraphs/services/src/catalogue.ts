import { pillarDatasets, type DatasetDoc } from "@tinkuy/kit";
import type { Models } from "./models.ts";

/** The one catalogue's identity (`DatasetCatalogue.id`). */
export const CATALOGUE_ID = "hub";

/** The catalogue as this subgraph's resolvers see it: its identity only (recovery answers the rest). */
export interface CatalogueParent {
  id: string;
}

/**
 * The datasets behind this pillar's records, by the API type they are answered as: the investments and their
 * accruals (each accrual under its own provenance: an import's file, an editor's entry, the demo data). One
 * aggregation per kind of record (two).
 */
export function servicesDatasets(models: Models): Promise<DatasetDoc[]> {
  return pillarDatasets("services", [
    { entity: "InvestmentProject", model: models.Project },
    { entity: "InvestmentAccrual", model: models.Project, unwind: "execution" },
  ]);
}
