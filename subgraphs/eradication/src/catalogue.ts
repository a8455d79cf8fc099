import { pillarDatasets, type DatasetDoc } from "@tinkuy/kit";
import type { Models } from "./models.ts";

/** The catalogue as this pillar's resolvers see it: its identity only (there is one catalogue). */
export interface CatalogueRef {
  id: string;
}

/**
 * The datasets behind this pillar's records (contract: `DatasetCatalogue.eradicationDatasets`): every
 * collection whose records carry `provenance`, by the API type they are answered as. One aggregation per kind
 * of record (five).
 */
export function eradicationDatasets(models: Models): Promise<DatasetDoc[]> {
  return pillarDatasets("eradication", [
    { entity: "EnforcementOperation", model: models.Operation },
    { entity: "SecurityOutpost", model: models.Outpost },
    { entity: "ProsecutorOffice", model: models.Office },
    // One row per report: stored inside their office, each with its own provenance (a report an editor made on
    // a seeded office counts under the editor's agency).
    { entity: "CaseloadReport", model: models.Office, unwind: "history" },
    { entity: "ReportedFigure", model: models.ReportedFigure },
  ]);
}
