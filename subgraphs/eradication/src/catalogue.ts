import { pillarDatasets, type CatalogueSource, type DatasetDoc } from "@tinkuy/kit";
import type { PipelineStage } from "mongoose";
import type { Models } from "./models.ts";

/** The catalogue as this pillar's resolvers see it: its identity only (there is one catalogue). */
export interface CatalogueRef {
  id: string;
}

/**
 * An office's caseload reports as the catalogue counts them: one row per report (they are stored inside their
 * office, and each carries its own provenance, so a report an editor made on a seeded office counts under the
 * editor's agency). The kit groups a collection's documents and reads nothing of the model but `aggregate`.
 */
function caseloadReports(models: Models): CatalogueSource["model"] {
  const unwound = {
    aggregate: (pipeline: PipelineStage[]) =>
      models.Office.aggregate([
        { $unwind: "$history" },
        { $replaceRoot: { newRoot: "$history" } },
        ...pipeline,
      ] as PipelineStage[]),
  };
  return unwound as unknown as CatalogueSource["model"];
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
    { entity: "CaseloadReport", model: caseloadReports(models) },
    { entity: "ReportedFigure", model: models.ReportedFigure },
  ]);
}
