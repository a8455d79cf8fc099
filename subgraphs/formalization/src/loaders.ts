import DataLoader from "dataloader";
import { groupLoader, uniqueLoader } from "@tinkuy/kit";
import { exclusionEvidenceLoader, type EvidenceCounts, type EvidenceKey } from "./exclusion-evidence.ts";
import type { Models, RecordDoc, RegionStatsDoc } from "./models.ts";
import { dayKey, figuresAsOf, noFigures, type FiguresAsOf } from "./status-ledger.ts";

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
  /** Figures as of a day, from the ledger: one aggregation per distinct day of the request, all regions at once. */
  figuresAsOf: DataLoader<AsOfKey, FiguresAsOf, string>;
}

/** Figures of regions as of days: the keys grouped by day, one aggregation per day. */
function asOfLoader(models: Models): DataLoader<AsOfKey, FiguresAsOf, string> {
  return new DataLoader<AsOfKey, FiguresAsOf, string>(
    async (keys) => {
      const byDay = new Map<string, string[]>();
      for (const { ubigeo, day } of keys) byDay.set(day, [...(byDay.get(day) ?? []), ubigeo]);
      const found = new Map<string, FiguresAsOf>();
      await Promise.all(
        [...byDay].map(async ([day, regions]) => {
          const figures = await figuresAsOf(models, regions, new Date(`${day}T00:00:00.000Z`));
          for (const [ubigeo, entry] of figures) found.set(`${ubigeo}|${day}`, entry);
        }),
      );
      return keys.map(({ ubigeo, day }) => found.get(`${ubigeo}|${day}`) ?? noFigures());
    },
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
