import {
  mergeDatasets,
  pillarDatasets,
  type CatalogueSource,
  type DatasetDoc,
  type ProvenanceKind,
} from "@tinkuy/kit";
import type { PipelineStage } from "mongoose";
import type { Models } from "./models.ts";

/** The one catalogue's identity (`DatasetCatalogue.id`). */
export const CATALOGUE_ID = "hub";

/**
 * The catalogue as this subgraph's resolvers see it: its identity and, in a representation from the gateway,
 * the other pillars' parts that `items` requires (their dates as `YYYY-MM-DD` texts). The merged list is kept
 * on it once computed, so `items` and `totalRecords` in one request read this pillar's datasets once.
 */
export interface CatalogueParent {
  id: string;
  formalizationDatasets?: DatasetDoc[] | null;
  eradicationDatasets?: DatasetDoc[] | null;
  livelihoodsDatasets?: DatasetDoc[] | null;
  servicesDatasets?: DatasetDoc[] | null;
  merged?: Promise<DatasetDoc[]>;
}

/**
 * The datasets behind this pillar's records, by the API type they are answered as: one aggregation per kind of
 * record (six). Records stored inside another record's document (a liability's risk assessments, a project's
 * progress reports) count one each, under their own provenance (an editor's report on a seeded project counts
 * under the editor's agency). Liabilities count only while the inventory lists them, as in the region figures.
 */
export function recoveryDatasets(models: Models): Promise<DatasetDoc[]> {
  const listed = currentInventory(models.Liability);
  return pillarDatasets("recovery", [
    { entity: "DegradedArea", model: models.Area },
    { entity: "MiningLiability", model: listed },
    { entity: "RiskAssessment", model: listed, unwind: "riskHistory" },
    { entity: "RestorationProject", model: models.Project },
    { entity: "RestorationProgress", model: models.Project, unwind: "progress" },
    { entity: "MonitoringMeasurement", model: models.Measurement },
  ]);
}

/**
 * The whole catalogue: this pillar's datasets merged with the other pillars' parts the gateway brought. Every
 * part is the kit's `pillarDatasets`, which describes an agency's entries as a whole (`ENTRIES_NOTE`), never by
 * one record's note.
 */
export function catalogueItems(catalogue: CatalogueParent, models: Models): Promise<DatasetDoc[]> {
  catalogue.merged ??= recoveryDatasets(models).then((own) =>
    mergeDatasets([
      own,
      catalogue.formalizationDatasets ?? [],
      catalogue.eradicationDatasets ?? [],
      catalogue.livelihoodsDatasets ?? [],
      catalogue.servicesDatasets ?? [],
    ]),
  );
  return catalogue.merged;
}

/** The datasets of one kind, or all when `kind` is null. */
export function ofKind(
  datasets: readonly DatasetDoc[],
  kind: ProvenanceKind | null | undefined,
): DatasetDoc[] {
  return kind == null ? [...datasets] : datasets.filter((dataset) => dataset.kind === kind);
}

/**
 * The liabilities model as `pillarDatasets` uses it (its `aggregate` only), restricted to the ones the inventory
 * lists today. The kit's catalogue source has no filter of its own; a `match` there would replace this.
 */
function currentInventory(model: Models["Liability"]): CatalogueSource["model"] {
  return {
    aggregate: (pipeline: PipelineStage[]) =>
      model.aggregate([{ $match: { removedFromInventory: null } }, ...pipeline]),
  } as unknown as CatalogueSource["model"];
}
