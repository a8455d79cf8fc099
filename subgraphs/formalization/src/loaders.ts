import DataLoader from "dataloader";
import { groupLoader, uniqueLoader } from "@tinkuy/kit";
import { exclusionEvidenceLoader, type EvidenceCounts, type EvidenceKey } from "./exclusion-evidence.ts";
import type { Models, RecordDoc, RegionStatsDoc } from "./models.ts";
import { figuresAsOfDays } from "./ledger-figures.ts";
import { dayKey, type FiguresAsOf } from "./status-ledger.ts";

/** A region and a day (`YYYY-MM-DD`) whose end its figures describe. */
export interface AsOfKey {
  ubigeo: string;
  day: string;
}

/** The per-request loaders: every entity fetch goes through one, so a request costs one command per batch. */
export interface Loaders {
  recordByCode: DataLoader<string, RecordDoc | null>;
  recordsByRuc: DataLoader<string, RecordDoc[]>;
  statsByUbigeo: DataLoader<string, RegionStatsDoc | null>;
  exclusionEvidence: DataLoader<EvidenceKey, EvidenceCounts, string>;
  /**
   * Figures as of a day, from the ledger: one aggregation for every region and day of a batch (a series' points
   * and many `RegionIndicators` periods included); Peru's summed from the departments'.
   */
  figuresAsOf: DataLoader<AsOfKey, FiguresAsOf, string>;
}

/** Figures of regions as of days: every key of the batch, whatever its region and day, in one aggregation. */
function asOfLoader(models: Models): DataLoader<AsOfKey, FiguresAsOf, string> {
  return new DataLoader<AsOfKey, FiguresAsOf, string>(
    (keys) =>
      figuresAsOfDays(
        models,
        keys.map(({ ubigeo, day }) => ({ ubigeo, day: new Date(`${day}T00:00:00.000Z`) })),
      ),
    { cacheKeyFn: ({ ubigeo, day }) => `${ubigeo}|${day}` },
  );
}

/** The key of a region's figures as of the end of `date` (UTC). */
export function asOfKey(ubigeo: string, date: Date): AsOfKey {
  return { ubigeo, day: dayKey(date) };
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
    figuresAsOf: asOfLoader(models),
  };
}
