import {
  addSource,
  datasetGroup,
  groupedDataset,
  sourceCounterUpdate,
  type ProvenanceDoc,
  type SourceCounter,
} from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { Models, RegionStatsDoc } from "./models.ts";
import type { Estado } from "./status.ts";

/** The department, province and district codes a district code belongs to. */
function levels(district: string): string[] {
  return [district.slice(0, 2), district.slice(0, 4), district];
}

/** What changes in a district: a registration (`to` and the new record's provenance), or a status change. */
export type StatsChange = { registered: ProvenanceDoc; to: Estado } | { from: Estado; to: Estado };

/**
 * The counter updates for one change in a district. A registration also counts the record under its dataset
 * (`sources`); a status change moves no record between datasets. One upsert per level, sent as one bulkWrite:
 * region figures and their sources are read from these counters and never by scanning the registry.
 */
export function statsChange(district: string, change: StatsChange): AnyBulkWriteOperation<RegionStatsDoc>[] {
  const inc: Record<string, number> = { [change.to]: 1 };
  let set: Record<string, unknown> | undefined;
  if ("from" in change) {
    inc[change.from] = -1;
  } else {
    inc.total = 1;
    const source = sourceCounterUpdate(change.registered, 1);
    Object.assign(inc, source.$inc);
    set = source.$set;
  }
  return levels(district).map((code) => ({
    updateOne: {
      filter: { _id: code },
      update: set ? { $inc: inc, $set: set } : { $inc: inc },
      upsert: true,
    },
  }));
}

/** Applies counter updates in one database command. */
export async function applyStatsChange(
  models: Models,
  ops: AnyBulkWriteOperation<RegionStatsDoc>[],
): Promise<void> {
  if (ops.length > 0) await models.RegionStats.bulkWrite(ops, { ordered: false });
}

interface Group {
  _id: { d: string; s: Estado; p?: Pick<ProvenanceDoc, "kind" | "dataset" | "source" | "asOf"> | null };
  n: number;
}

/** Every region's counters and their sources, computed from the registry with one aggregation. */
async function countRegions(models: Models): Promise<Map<string, RegionStatsDoc>> {
  const groups = await models.Record.aggregate<Group>([
    {
      $group: {
        _id: {
          d: "$ID_DIST",
          s: "$ESTADO",
          p: datasetGroup(),
        },
        n: { $sum: 1 },
      },
    },
  ]);
  const stats = new Map<string, RegionStatsDoc>();
  for (const { _id, n } of groups) {
    // A record without provenance (data older than the migration) counts, under no dataset.
    const dataset = groupedDataset(_id.p);
    for (const code of levels(_id.d)) {
      let entry = stats.get(code);
      if (!entry) {
        entry = { _id: code, total: 0, VIGENTE: 0, SUSPENDIDO: 0, EXCLUIDO: 0, FORMALIZADO: 0, sources: {} };
        stats.set(code, entry);
      }
      entry[_id.s] += n;
      entry.total += n;
      if (dataset) addSource(entry.sources, dataset, n);
    }
  }
  return stats;
}

/** A counter's sources as a comparable text: datasets in key order, with their counts and descriptions. */
function sourcesText(sources: Record<string, SourceCounter> | undefined): string {
  return JSON.stringify(
    Object.entries(sources ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, s]) => [key, s.records, s.kind, s.dataset, s.source, new Date(s.asOf).toISOString()]),
  );
}

/**
 * Recomputes every region's counters from the registry with one aggregation, and replaces the stored ones.
 * Used after seeding or importing, and at start when the counters are missing.
 */
export async function rebuildRegionStats(models: Models): Promise<number> {
  const stats = await countRegions(models);
  await models.RegionStats.deleteMany({});
  if (stats.size > 0) await models.RegionStats.insertMany([...stats.values()], { ordered: false });
  return stats.size;
}

/**
 * Brings the stored counters to what {@link rebuildRegionStats} would write, touching only the regions whose
 * counts differ (one bulkWrite): the hub can keep serving figures meanwhile, and running it again after an
 * interrupted import repairs what that import left. Returns how many regions it corrected.
 */
export async function reconcileRegionStats(models: Models): Promise<number> {
  const [stats, stored] = await Promise.all([
    countRegions(models),
    models.RegionStats.find({}).lean<RegionStatsDoc[]>(),
  ]);
  const ops: AnyBulkWriteOperation<RegionStatsDoc>[] = [];
  const same = (a: RegionStatsDoc, b: RegionStatsDoc): boolean =>
    a.total === b.total &&
    a.VIGENTE === b.VIGENTE &&
    a.SUSPENDIDO === b.SUSPENDIDO &&
    a.EXCLUIDO === b.EXCLUIDO &&
    a.FORMALIZADO === b.FORMALIZADO &&
    sourcesText(a.sources) === sourcesText(b.sources);
  for (const old of stored) {
    if (!stats.has(old._id)) ops.push({ deleteOne: { filter: { _id: old._id } } });
  }
  const byId = new Map(stored.map((doc) => [doc._id, doc]));
  for (const fresh of stats.values()) {
    const old = byId.get(fresh._id);
    if (!old || !same(old, fresh)) {
      ops.push({ replaceOne: { filter: { _id: fresh._id }, replacement: fresh, upsert: true } });
    }
  }
  await applyStatsChange(models, ops);
  return ops.length;
}

/** Rebuilds the counters when the registry has records but no counters (a fresh import, a lost collection). */
export async function ensureRegionStats(models: Models): Promise<void> {
  const [records, stats] = await Promise.all([
    models.Record.estimatedDocumentCount(),
    models.RegionStats.estimatedDocumentCount(),
  ]);
  if (records > 0 && stats === 0) await rebuildRegionStats(models);
}
