import {
  mergeDatasets,
  pillarDatasets,
  type CatalogueSource,
  type DatasetDoc,
  type ProvenanceKind,
} from "@tinkuy/kit";
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
  merged?: Promise<DatasetDoc[]>;
}

/**
 * Records stored inside another record's document (a liability's risk assessments, a project's progress
 * reports) as the catalogue counts them: one row each, under their own provenance (an editor's report on a
 * seeded project counts under the editor's agency). The kit groups a collection's documents; this hands it the
 * embedded records unwound, and the kit reads nothing of the model but `aggregate`.
 */
function embedded(model: Models["Liability"] | Models["Project"], field: string): CatalogueSource["model"] {
  const unwound = {
    aggregate: (pipeline: object[]) =>
      (model as Models["Liability"]).aggregate([
        { $unwind: `$${field}` },
        { $replaceRoot: { newRoot: `$${field}` } },
        ...(pipeline as Parameters<Models["Liability"]["aggregate"]>[0] & object[]),
      ]),
  };
  return unwound as unknown as CatalogueSource["model"];
}

/**
 * The datasets behind this pillar's records, by the API type they are answered as: one aggregation per kind of
 * record (six).
 */
export function recoveryDatasets(models: Models): Promise<DatasetDoc[]> {
  return pillarDatasets("recovery", [
    { entity: "DegradedArea", model: models.Area },
    { entity: "MiningLiability", model: models.Liability },
    { entity: "RiskAssessment", model: embedded(models.Liability, "riskHistory") },
    { entity: "RestorationProject", model: models.Project },
    { entity: "RestorationProgress", model: embedded(models.Project, "progress") },
    { entity: "MonitoringMeasurement", model: models.Measurement },
  ]);
}

/** What the catalogue says of an agency's entries, in place of one record's note. */
export const ENTRIES_NOTE =
  "written through the API by the agency's editors; who wrote each record is in the hub's audit log";

/**
 * The whole catalogue: this pillar's datasets merged with the other pillars' parts the gateway brought. The
 * catalogue is public, and an agency's entries carry one of its records' notes, which names the editor who
 * wrote it (a person, readable only by staff on the record itself): the catalogue says what the entries are
 * instead.
 */
export function catalogueItems(catalogue: CatalogueParent, models: Models): Promise<DatasetDoc[]> {
  catalogue.merged ??= recoveryDatasets(models).then((own) =>
    mergeDatasets([
      own,
      catalogue.formalizationDatasets ?? [],
      catalogue.eradicationDatasets ?? [],
      catalogue.livelihoodsDatasets ?? [],
    ]).map((dataset) => (dataset.kind === "ENTERED" ? { ...dataset, note: ENTRIES_NOTE } : dataset)),
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
