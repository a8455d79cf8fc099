import { datasetId, pillarDatasets, SYNTHETIC_SOURCE, type DatasetDoc } from "@tinkuy/kit";
import type { Models } from "./models.ts";
import { DEMO_DATASET, DEMO_DATASET_NOTE } from "./provenance.ts";

/** The demo dataset's identity in the catalogue. */
const DEMO_ID = datasetId("SYNTHETIC", SYNTHETIC_SOURCE, DEMO_DATASET);

/** The catalogue as this pillar's resolvers see it: its identity only (there is one catalogue). */
export interface CatalogueRef {
  id: string;
}

/**
 * The datasets behind this pillar's records (contract: `DatasetCatalogue.livelihoodsDatasets`): every collection
 * whose records carry `provenance`, by the API type they are answered as. One aggregation per kind of record. The
 * demo dataset is described as a whole: its records' notes each name one part of what it imitates (one funder's
 * portfolio, the REINFO exclusions), and the catalogue would otherwise show whichever note sorts last.
 */
export async function livelihoodsDatasets(models: Models): Promise<DatasetDoc[]> {
  const datasets = await pillarDatasets("livelihoods", [
    { entity: "LivelihoodProject", model: models.Project },
    // One row per transaction: stored inside their project, each with its own provenance (a transaction an
    // editor recorded on a seeded project counts under the editor's agency).
    { entity: "Transaction", model: models.Project, unwind: "transactions" },
    { entity: "Donor", model: models.Donor },
    { entity: "LivelihoodEnrollment", model: models.Enrollment },
  ]);
  return datasets.map((dataset) =>
    dataset.id === DEMO_ID ? { ...dataset, note: DEMO_DATASET_NOTE } : dataset,
  );
}
