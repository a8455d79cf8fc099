import DataLoader from "dataloader";
import { descendantPrefix, levelOf, uniqueLoader, type Period, type RegionLevel } from "@tinkuy/kit";
import type { Model } from "mongoose";
import type { Models, OfficeDoc, OperationDoc, OutpostDoc, ReportedFigureDoc } from "./models.ts";
import type { Figures } from "./figures.ts";
import { LARGE_BATCH, regionFiguresLoader, type FiguresKey } from "./region-figures.ts";
import { enforcementTargetsLoader, type EnforcementTargetDoc } from "./enforcement-targets.ts";

/** The per-request loaders: every entity fetch goes through one, so a request costs one command per batch. */
export interface Loaders {
  operationById: DataLoader<string, OperationDoc | null>;
  outpostById: DataLoader<string, OutpostDoc | null>;
  officeById: DataLoader<string, OfficeDoc | null>;
  reportedFigureById: DataLoader<string, ReportedFigureDoc | null>;
  /** The operations that targeted each RUC within a period (all dates for `null`), oldest first. */
  interventions(period: Period | null): DataLoader<string, OperationDoc[]>;
  /** Outposts and offices located in each region (department, province, district, or Peru), by identifier. */
  outpostsByRegion: DataLoader<string, OutpostDoc[]>;
  officesByRegion: DataLoader<string, OfficeDoc[]>;
  figures: DataLoader<FiguresKey, Figures, string>;
  /** The RUCs operations in each region targeted, with the day of the latest such operation. */
  enforcementTargets: DataLoader<string, EnforcementTargetDoc[]>;
}

/** The field that locates a document in a region of each level; none for Peru, where every document is. */
const FIELD: Record<RegionLevel, "department" | "province" | "district" | null> = {
  COUNTRY: null,
  DEPARTMENT: "department",
  PROVINCE: "province",
  DISTRICT: "district",
};

type Located = { id: string; department: string; province: string; district: string };

/**
 * Loads the documents located in each of many regions with one find, whatever their levels: the region codes
 * go to the field of their level (`department`, `province`, `district`) in one `$or`; Peru (`00`) reads them all.
 */
function regionListLoader<T extends Located>(model: Model<T>): DataLoader<string, T[]> {
  return new DataLoader<string, T[]>(async (codes) => {
    const byField = new Map<string, string[]>();
    let national = false;
    for (const code of codes) {
      const level = levelOf(code);
      const field = level && FIELD[level];
      if (field) byField.set(field, [...(byField.get(field) ?? []), code]);
      else if (level) national = true;
    }
    const filter = national
      ? {}
      : { $or: [...byField].map(([field, inLevel]) => ({ [field]: { $in: inLevel } })) };
    const docs =
      byField.size === 0 && !national
        ? []
        : await model.find(filter).sort({ id: 1 }).batchSize(LARGE_BATCH).lean<T[]>().exec();
    return codes.map((code) => docs.filter((doc) => doc.district.startsWith(descendantPrefix(code))));
  });
}

/**
 * Loads the operations that targeted each of many RUCs with one find. An operation may target several of the
 * RUCs asked for, so it goes to each of them (kit's `groupLoader` files a value under one key only).
 */
function interventionsLoader(models: Models, period: Period | null): DataLoader<string, OperationDoc[]> {
  return new DataLoader<string, OperationDoc[]>(
    async (rucs) => {
      const filter: Record<string, unknown> = { targetRucs: { $in: rucs } };
      if (period) filter.date = { $gte: period.from, $lt: period.until };
      const operations = await models.Operation.find(filter)
        .sort({ date: 1, id: 1 })
        .batchSize(LARGE_BATCH)
        .lean<OperationDoc[]>()
        .exec();
      const groups = new Map<string, OperationDoc[]>(rucs.map((ruc) => [ruc, []]));
      for (const operation of operations) {
        for (const ruc of operation.targetRucs) groups.get(ruc)?.push(operation);
      }
      return rucs.map((ruc) => groups.get(ruc) ?? []);
    },
    { maxBatchSize: 1000 },
  );
}

/** A fresh set of loaders for one request (never shared between requests: no cross-viewer caching). */
export function createLoaders(models: Models): Loaders {
  const interventions = new Map<string, DataLoader<string, OperationDoc[]>>();
  const loaders: Loaders = {
    operationById: uniqueLoader(
      (ids) =>
        models.Operation.find({ id: { $in: ids } })
          .batchSize(LARGE_BATCH)
          .lean<OperationDoc[]>()
          .exec(),
      (operation) => operation.id,
    ),
    outpostById: uniqueLoader(
      (ids) => models.Outpost.find({ id: { $in: ids } }).lean<OutpostDoc[]>(),
      (outpost) => outpost.id,
    ),
    officeById: uniqueLoader(
      (ids) => models.Office.find({ id: { $in: ids } }).lean<OfficeDoc[]>(),
      (office) => office.id,
    ),
    reportedFigureById: uniqueLoader(
      (ids) => models.ReportedFigure.find({ id: { $in: ids } }).lean<ReportedFigureDoc[]>(),
      (figure) => figure.id,
    ),
    interventions(period) {
      const key = period ? `${period.from.toISOString()}|${period.until.toISOString()}` : "all";
      let loader = interventions.get(key);
      if (!loader) {
        loader = interventionsLoader(models, period);
        interventions.set(key, loader);
      }
      return loader;
    },
    outpostsByRegion: regionListLoader(models.Outpost),
    officesByRegion: regionListLoader(models.Office),
    figures: regionFiguresLoader(models),
    enforcementTargets: enforcementTargetsLoader(models),
  };
  return loaders;
}
