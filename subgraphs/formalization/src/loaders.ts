import type DataLoader from "dataloader";
import { groupLoader, uniqueLoader } from "@tinkuy/kit";
import { exclusionEvidenceLoader, type EvidenceCounts, type EvidenceKey } from "./exclusion-evidence.ts";
import type { Models, RecordDoc, RegionStatsDoc } from "./models.ts";

/** The per-request loaders: every entity fetch goes through one, so a request costs one command per batch. */
export interface Loaders {
  recordByCode: DataLoader<string, RecordDoc | null>;
  recordsByRuc: DataLoader<string, RecordDoc[]>;
  statsByUbigeo: DataLoader<string, RegionStatsDoc | null>;
  exclusionEvidence: DataLoader<EvidenceKey, EvidenceCounts, string>;
}

/** A fresh set of loaders for one request (never shared between requests: no cross-viewer caching). */
export function createLoaders(models: Models): Loaders {
  return {
    recordByCode: uniqueLoader(
      (codes) => models.Record.find({ COD_REINFO: { $in: codes } }).lean<RecordDoc[]>(),
      (record) => record.COD_REINFO,
    ),
    recordsByRuc: groupLoader(
      (rucs) =>
        models.Record.find({ M_RUC: { $in: rucs } })
          .sort({ COD_REINFO: 1 })
          .lean<RecordDoc[]>(),
      (record) => record.M_RUC,
    ),
    statsByUbigeo: uniqueLoader(
      (codes) => models.RegionStats.find({ _id: { $in: codes } }).lean<RegionStatsDoc[]>(),
      (stats) => stats._id,
    ),
    exclusionEvidence: exclusionEvidenceLoader(models),
  };
}
