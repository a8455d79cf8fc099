import { countedDataset, mergeDatasets, type DatasetDoc, type SourceCounter } from "@tinkuy/kit";
import type { Models, RegionStatsDoc } from "./models.ts";

/** A counter's entry for a dataset, with the description the counters keep beside the count. */
type DescribedCounter = SourceCounter & {
  url?: string | null;
  licence?: string | null;
  note?: string | null;
};

/**
 * The datasets behind the registry, from the departments' counters (one find of a few dozen small documents,
 * never a read of the registry): the records by the dataset they were registered from (`ReinfoRecord`) and
 * their history entries by each entry's own dataset (`ReinfoStatusChange`). Every record sits in exactly one
 * department, so the departments' sums are the registry's.
 */
export async function formalizationDatasets(models: Models): Promise<DatasetDoc[]> {
  const departments = await models.RegionStats.find(
    { _id: { $regex: /^\d{2}$/ } },
    { sources: 1, changes: 1 },
  ).lean<Pick<RegionStatsDoc, "sources" | "changes">[]>();
  const parts: DatasetDoc[] = [];
  for (const counters of departments) {
    for (const [entity, map] of [
      ["ReinfoRecord", counters.sources],
      ["ReinfoStatusChange", counters.changes],
    ] as const) {
      for (const counter of Object.values<DescribedCounter>(map ?? {})) {
        if (counter.records <= 0) continue;
        parts.push(
          countedDataset("formalization", entity, {
            ...counter,
            issued: counter.asOf,
            modified: counter.asOf,
          }),
        );
      }
    }
  }
  return mergeDatasets([parts]);
}
