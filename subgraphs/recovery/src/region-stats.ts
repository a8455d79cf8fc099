import {
  addSource,
  datasetGroup,
  groupedDataset,
  monthOf,
  sourceCounterUpdate,
  type ProvenanceDoc,
  type SourceDataset,
} from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { AreaIncrement, Models, RegionStatsDoc } from "./models.ts";
import type { Ares } from "./units.ts";
import type { RiskKey } from "./vocabulary.ts";

type StatsOp = AnyBulkWriteOperation<RegionStatsDoc>;

/** The department, province and district codes a code belongs to (as many as its length gives). */
export function levels(ubigeo: string): string[] {
  const out: string[] = [];
  for (let n = 2; n <= ubigeo.length; n += 2) out.push(ubigeo.slice(0, n));
  return out;
}

/**
 * One counter's update: `inc` on its figures and, when `counted` is given, `records` more (or fewer) records
 * from that dataset under `sources`, in the same update, so a figure's sources cost no command of their own.
 */
function upsert(
  ubigeo: string,
  month: string | null,
  inc: Record<string, number>,
  counted?: { from: SourceDataset; records: number },
): StatsOp {
  const sources = counted ? sourceCounterUpdate(counted.from, counted.records) : { $inc: {}, $set: {} };
  return {
    updateOne: {
      filter: { _id: month ? `${ubigeo}|${month}` : ubigeo },
      update: {
        $setOnInsert: { ubigeo, month },
        $inc: { ...inc, ...sources.$inc },
        ...(counted ? { $set: sources.$set } : {}),
      },
      upsert: true,
    },
  };
}

/** A detection: its hectares and one area, in its district's month, at every level. */
export function detectionChange(
  district: string,
  detectedOn: Date,
  ares: Ares,
  from: SourceDataset,
): StatsOp[] {
  const month = monthOf(detectedOn);
  return levels(district).map((code) =>
    upsert(code, month, { degradedAres: ares, degradedAreas: 1 }, { from, records: 1 }),
  );
}

/**
 * A progress report's restored hectares, in each area's district, in the report's month, at every level; each
 * of its rows (one area) counts as one record of the report's dataset.
 */
export function restorationChange(
  increments: readonly AreaIncrement[],
  date: Date,
  from: SourceDataset,
): StatsOp[] {
  const byCode = new Map<string, { ares: number; rows: number }>();
  for (const { district, ares } of increments) {
    for (const code of levels(district)) {
      const sum = byCode.get(code) ?? { ares: 0, rows: 0 };
      byCode.set(code, { ares: sum.ares + ares, rows: sum.rows + 1 });
    }
  }
  const month = monthOf(date);
  return [...byCode].map(([code, { ares, rows }]) =>
    upsert(code, month, { restoredAres: ares }, { from, records: rows }),
  );
}

/** A liability moving from one risk level to another (`UNKNOWN` when not assessed), at every level. */
export function riskChange(district: string, from: RiskKey, to: RiskKey): StatsOp[] {
  if (from === to) return [];
  return levels(district).map((code) =>
    upsert(code, null, { [`liabilities.${from}`]: -1, [`liabilities.${to}`]: 1 }),
  );
}

/** A project entering (`+1`) or leaving (`-1`) `IN_PROGRESS`: it counts in its own region and the ones above. */
export function activeProjectChange(ubigeo: string, delta: 1 | -1, from: SourceDataset): StatsOp[] {
  return levels(ubigeo).map((code) =>
    upsert(code, null, { activeProjects: delta }, { from, records: delta }),
  );
}

/** Applies counter updates in one database command. */
export async function applyStatsChange(models: Models, ops: StatsOp[]): Promise<void> {
  if (ops.length > 0) await models.RegionStats.bulkWrite(ops, { ordered: false });
}

/**
 * Recomputes every counter from the source collections and replaces the stored ones; also recomputes each
 * area's restored hectares from the progress reports, which are the record of restoration. Used after seeding
 * or importing, and at start when the counters are missing.
 */
export async function rebuildRegionStats(models: Models): Promise<number> {
  const stats = new Map<string, RegionStatsDoc>();
  const entry = (ubigeo: string, month: string | null): RegionStatsDoc => {
    const id = month ? `${ubigeo}|${month}` : ubigeo;
    let doc = stats.get(id);
    if (!doc) {
      doc = month
        ? { _id: id, ubigeo, month, degradedAres: 0, degradedAreas: 0, restoredAres: 0, sources: {} }
        : { _id: id, ubigeo, month, liabilities: {}, activeProjects: 0, sources: {} };
      stats.set(id, doc);
    }
    return doc;
  };

  const detected = await models.Area.aggregate<{
    _id: { d: string; m: string } & { p: Partial<SourceDataset> | null };
    ares: number;
    n: number;
  }>([
    {
      $group: {
        _id: {
          d: "$district",
          m: { $dateToString: { format: "%Y-%m", date: "$detectedOn" } },
          p: datasetGroup("$provenance"),
        },
        ares: { $sum: "$ares" },
        n: { $sum: 1 },
      },
    },
  ]);
  for (const { _id, ares, n } of detected) {
    for (const code of levels(_id.d)) {
      const doc = entry(code, _id.m);
      doc.degradedAres = (doc.degradedAres ?? 0) + ares;
      doc.degradedAreas = (doc.degradedAreas ?? 0) + n;
      addSource((doc.sources ??= {}), groupedDataset(_id.p), n);
    }
  }

  const restored = await models.Project.aggregate<{
    _id: { a: string; d: string; m: string } & { p: Partial<SourceDataset> | null };
    ares: number;
    n: number;
  }>([
    { $unwind: "$progress" },
    { $unwind: "$progress.areas" },
    {
      $group: {
        _id: {
          a: "$progress.areas.code",
          d: "$progress.areas.district",
          m: { $dateToString: { format: "%Y-%m", date: "$progress.date" } },
          p: datasetGroup("$progress.provenance"),
        },
        ares: { $sum: "$progress.areas.ares" },
        n: { $sum: 1 },
      },
    },
  ]);
  const restoredByArea = new Map<string, number>();
  for (const { _id, ares, n } of restored) {
    restoredByArea.set(_id.a, (restoredByArea.get(_id.a) ?? 0) + ares);
    for (const code of levels(_id.d)) {
      const doc = entry(code, _id.m);
      doc.restoredAres = (doc.restoredAres ?? 0) + ares;
      addSource((doc.sources ??= {}), groupedDataset(_id.p), n);
    }
  }

  // A liability the inventory no longer lists counts under the day it left it, not in the region's totals.
  const risks = await models.Liability.aggregate<{
    _id: { d: string; r: RiskKey | null; s: string | null } & { p: Partial<SourceDataset> | null };
    n: number;
  }>([
    {
      $group: {
        _id: {
          d: "$ID_DIST",
          r: "$riskLevel",
          s: { $dateToString: { format: "%Y-%m-%d", date: "$removedFromInventory.since" } },
          p: datasetGroup("$provenance"),
        },
        n: { $sum: 1 },
      },
    },
  ]);
  const removal = (ubigeo: string, day: string): RegionStatsDoc => {
    const id = `${ubigeo}|removed|${day}`;
    let doc = stats.get(id);
    if (!doc) {
      doc = { _id: id, ubigeo, month: day.slice(0, 7), removedOn: day, liabilities: {}, sources: {} };
      stats.set(id, doc);
    }
    return doc;
  };
  for (const { _id, n } of risks) {
    const key: RiskKey = _id.r ?? "UNKNOWN";
    for (const code of levels(_id.d)) {
      const doc = _id.s ? removal(code, _id.s) : entry(code, null);
      const liabilities = (doc.liabilities ??= {});
      liabilities[key] = (liabilities[key] ?? 0) + n;
      addSource((doc.sources ??= {}), groupedDataset(_id.p), n);
    }
  }

  const active = await models.Project.find(
    { status: "IN_PROGRESS" },
    { _id: 0, ubigeo: 1, provenance: 1 },
  ).lean<{ ubigeo: string; provenance?: ProvenanceDoc }[]>();
  for (const { ubigeo, provenance } of active) {
    for (const code of levels(ubigeo)) {
      const doc = entry(code, null);
      doc.activeProjects = (doc.activeProjects ?? 0) + 1;
      addSource((doc.sources ??= {}), provenance ?? null, 1);
    }
  }

  await syncRestoredAres(models, restoredByArea);
  await models.RegionStats.deleteMany({});
  if (stats.size > 0) await models.RegionStats.insertMany([...stats.values()], { ordered: false });
  return stats.size;
}

/** Sets each area's restored ares to what the progress reports say, touching only the areas that differ. */
async function syncRestoredAres(models: Models, restoredByArea: Map<string, number>): Promise<void> {
  const stored = await models.Area.find(
    { $or: [{ restoredAres: { $gt: 0 } }, { code: { $in: [...restoredByArea.keys()] } }] },
    { _id: 0, code: 1, restoredAres: 1 },
  ).lean<{ code: string; restoredAres: number }[]>();
  const ops = stored
    .filter((area) => area.restoredAres !== (restoredByArea.get(area.code) ?? 0))
    .map((area) => ({
      updateOne: {
        filter: { code: area.code },
        update: { $set: { restoredAres: restoredByArea.get(area.code) ?? 0 } },
      },
    }));
  if (ops.length > 0) await models.Area.bulkWrite(ops, { ordered: false });
}

/** Rebuilds the counters when there are source records but no counters (a fresh import, a lost collection). */
export async function ensureRegionStats(models: Models): Promise<void> {
  const [areas, liabilities, stats] = await Promise.all([
    models.Area.estimatedDocumentCount(),
    models.Liability.estimatedDocumentCount(),
    models.RegionStats.estimatedDocumentCount(),
  ]);
  if (areas + liabilities > 0 && stats === 0) await rebuildRegionStats(models);
}
