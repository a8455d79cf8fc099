import {
  addSource,
  datasetGroup,
  groupedDataset,
  sourceCounterUpdate,
  sourceKey,
  type ProvenanceDoc,
  type SourceCounter,
  type SourceDataset,
} from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { Models, RegionStatsDoc } from "./models.ts";
import type { Estado } from "./status.ts";

/** The department, province and district codes a district code belongs to. */
function levels(district: string): string[] {
  return [district.slice(0, 2), district.slice(0, 4), district];
}

/** A region's counters before any record: what a region with no record in the registry answers. */
export function emptyStats(code: string): RegionStatsDoc {
  return { _id: code, total: 0, VIGENTE: 0, SUSPENDIDO: 0, EXCLUIDO: 0, FORMALIZADO: 0, sources: {} };
}

/**
 * What changes in a district: a registration (`to` and the new record's provenance, which its first history
 * entry shares), or a status change (and the provenance of the history entry that records it).
 */
export type StatsChange =
  { registered: ProvenanceDoc; to: Estado } | { from: Estado; to: Estado; recorded: ProvenanceDoc };

/** What a counter keeps of a dataset besides its count: its description, and what the catalogue shows of it. */
type Described = SourceDataset & Partial<Pick<ProvenanceDoc, "url" | "licence" | "note">>;

/**
 * The `$inc` and `$set` that count one record of `p`'s dataset under `<prefix>.<key>`, with the dataset's
 * landing page, licence and note, so the catalogue reads every dataset's description from the counters too.
 */
function counted(p: ProvenanceDoc, prefix: "sources" | "changes"): ReturnType<typeof sourceCounterUpdate> {
  const update = sourceCounterUpdate(p, 1, prefix);
  const path = `${prefix}.${sourceKey(p)}`;
  Object.assign(update.$set, {
    [`${path}.url`]: p.url,
    [`${path}.licence`]: p.licence,
    [`${path}.note`]: p.note,
  });
  return update;
}

/**
 * The counter updates for one change in a district. A registration counts the record under its dataset
 * (`sources`); every change, a registration's first entry included, counts its history entry under the entry's
 * own dataset (`changes`: what the catalogue reports as status changes). One upsert per level, sent as one
 * bulkWrite: region figures, their sources and the catalogue are read from these counters, never by scanning
 * the registry.
 */
export function statsChange(district: string, change: StatsChange): AnyBulkWriteOperation<RegionStatsDoc>[] {
  const inc: Record<string, number> = { [change.to]: 1 };
  const set: Record<string, unknown> = {};
  const parts = [counted("from" in change ? change.recorded : change.registered, "changes")];
  if ("from" in change) inc[change.from] = -1;
  else {
    inc.total = 1;
    parts.push(counted(change.registered, "sources"));
  }
  for (const part of parts) {
    Object.assign(inc, part.$inc);
    Object.assign(set, part.$set);
  }
  return levels(district).map((code) => ({
    updateOne: { filter: { _id: code }, update: { $inc: inc, $set: set }, upsert: true },
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
  _id: { d: string; s?: Estado; p?: Pick<ProvenanceDoc, "kind" | "dataset" | "source" | "asOf"> | null };
  n: number;
  url?: string | null;
  licence?: string | null;
  note?: string | null;
}

/** The accumulators that keep a dataset's description (the same on every record of it) beside its count. */
const described = (path: string) => ({
  n: { $sum: 1 },
  url: { $max: `${path}.url` },
  licence: { $max: `${path}.licence` },
  note: { $max: `${path}.note` },
});

/** Adds a group's records to a counter map under its dataset, with the dataset's description. */
function addDescribed(map: Record<string, SourceCounter & Partial<Described>>, group: Group): void {
  // A record or entry without provenance (data older than the migration) counts, under no dataset.
  const dataset = groupedDataset(group._id.p);
  if (!dataset) return;
  addSource(map, dataset, group.n);
  Object.assign(map[sourceKey(dataset)] ?? {}, {
    url: group.url ?? null,
    licence: group.licence ?? null,
    note: group.note ?? null,
  });
}

/**
 * Every region's counters and their sources, computed from the registry with two aggregations: the records by
 * district, status and dataset, and their history entries by district and dataset.
 */
async function countRegions(models: Models): Promise<Map<string, RegionStatsDoc>> {
  const [records, entries] = await Promise.all([
    models.Record.aggregate<Group>([
      { $group: { _id: { d: "$ID_DIST", s: "$ESTADO", p: datasetGroup() }, ...described("$provenance") } },
    ]),
    models.Record.aggregate<Group>([
      { $unwind: "$history" },
      {
        $group: {
          _id: { d: "$ID_DIST", p: datasetGroup("$history.provenance") },
          ...described("$history.provenance"),
        },
      },
    ]),
  ]);
  const stats = new Map<string, RegionStatsDoc>();
  const entry = (code: string): RegionStatsDoc => {
    let found = stats.get(code);
    if (!found) {
      found = { ...emptyStats(code), changes: {} };
      stats.set(code, found);
    }
    return found;
  };
  for (const group of records) {
    for (const code of levels(group._id.d)) {
      const counters = entry(code);
      if (group._id.s) counters[group._id.s] += group.n;
      counters.total += group.n;
      addDescribed(counters.sources, group);
    }
  }
  for (const group of entries) {
    for (const code of levels(group._id.d)) addDescribed(entry(code).changes ?? {}, group);
  }
  return stats;
}

/** A counter's sources as a comparable text: datasets in key order, with their counts and descriptions. */
function sourcesText(sources: Record<string, SourceCounter> | undefined): string {
  return JSON.stringify(
    Object.entries(sources ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, s]) => [
        key,
        s.records,
        s.kind,
        s.dataset,
        s.source,
        new Date(s.asOf).toISOString(),
        ...(["url", "licence", "note"] as const).map((field) => (s as Partial<Described>)[field] ?? null),
      ]),
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
    sourcesText(a.sources) === sourcesText(b.sources) &&
    sourcesText(a.changes) === sourcesText(b.changes);
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

/**
 * Rebuilds the counters when the registry has records but no counters (a fresh import, a lost collection), or
 * counters an earlier version wrote without the history entries by dataset (`changes`) that the catalogue reads.
 */
export async function ensureRegionStats(models: Models): Promise<void> {
  const [records, stats, older] = await Promise.all([
    models.Record.estimatedDocumentCount(),
    models.RegionStats.estimatedDocumentCount(),
    models.RegionStats.exists({ changes: { $exists: false } }),
  ]);
  if (records > 0 && (stats === 0 || older)) await rebuildRegionStats(models);
}
