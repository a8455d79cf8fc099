import {
  addSource,
  datasetGroup,
  groupedDataset,
  monthOf,
  sourceCounterUpdate,
  type ProvenanceDoc,
} from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { ItemCounter, Models, OperationDoc, RegionStatsDoc } from "./models.ts";
import { itemKey, toMilli } from "./vocabulary.ts";

type StatsOp = AnyBulkWriteOperation<RegionStatsDoc>;

/** The department, province and district codes a district code belongs to. */
export function levels(district: string): string[] {
  return [district.slice(0, 2), district.slice(0, 4), district];
}

/** What one operation adds to its region's month: the `$inc` of its counters. */
function increments(operation: Pick<OperationDoc, "arrests" | "results">): Record<string, number> {
  const inc: Record<string, number> = { operations: 1, arrests: operation.arrests };
  let destroyed = 0;
  let seized = 0;
  for (const line of operation.results) {
    if (line.action === "DESTROYED") destroyed += line.cents;
    else seized += line.cents;
    const key = `items.${itemKey(line.item, line.action, line.unit)}`;
    inc[`${key}.milli`] = (inc[`${key}.milli`] ?? 0) + toMilli(line.quantity);
    inc[`${key}.cents`] = (inc[`${key}.cents`] ?? 0) + line.cents;
  }
  inc.destroyedCents = destroyed;
  inc.seizedCents = seized;
  return inc;
}

/**
 * The counter updates for a recorded operation: one upsert per level (department, province, district) of its
 * month, sent as one bulkWrite. Region figures are read from these counters, never by scanning operations; the
 * operation also counts under its dataset (`sources.<key>`), so a figure's `sources` costs no other read.
 */
export function operationStatsChange(
  operation: Pick<OperationDoc, "district" | "date" | "arrests" | "results" | "provenance">,
): StatsOp[] {
  const month = monthOf(operation.date);
  const source = sourceCounterUpdate(operation.provenance, 1);
  const inc = { ...increments(operation), ...source.$inc };
  return levels(operation.district).map((ubigeo) => ({
    updateOne: {
      filter: { _id: `${ubigeo}|${month}` },
      update: { $setOnInsert: { ubigeo, month }, $inc: inc, $set: source.$set },
      upsert: true,
    },
  }));
}

/** Applies counter updates in one database command. */
export async function applyStatsChange(models: Models, ops: StatsOp[]): Promise<void> {
  if (ops.length > 0) await models.RegionStats.bulkWrite(ops, { ordered: false });
}

/**
 * Recomputes every counter from the operations (one aggregation for the operations and arrests, one for the
 * result lines) and replaces the stored ones. Used after seeding or importing, and at start when the counters
 * are missing.
 */
export async function rebuildRegionStats(models: Models): Promise<number> {
  const stats = new Map<string, RegionStatsDoc>();
  const entry = (ubigeo: string, month: string): RegionStatsDoc => {
    const id = `${ubigeo}|${month}`;
    let doc = stats.get(id);
    if (!doc) {
      doc = {
        _id: id,
        ubigeo,
        month,
        operations: 0,
        arrests: 0,
        destroyedCents: 0,
        seizedCents: 0,
        items: {},
        sources: {},
      };
      stats.set(id, doc);
    }
    return doc;
  };
  const month = { $dateToString: { format: "%Y-%m", date: "$date" } };
  const [operations, lines] = await Promise.all([
    models.Operation.aggregate<{
      _id: { d: string; m: string; p: Pick<ProvenanceDoc, "kind" | "dataset" | "source" | "asOf"> | null };
      n: number;
      arrests: number;
    }>([
      {
        $group: {
          _id: {
            d: "$district",
            m: month,
            p: datasetGroup(),
          },
          n: { $sum: 1 },
          arrests: { $sum: "$arrests" },
        },
      },
    ]),
    models.Operation.aggregate<{
      _id: { d: string; m: string; i: string; a: string; u: string };
      quantity: number;
      cents: number;
    }>([
      { $unwind: "$results" },
      {
        $group: {
          _id: { d: "$district", m: month, i: "$results.item", a: "$results.action", u: "$results.unit" },
          quantity: { $sum: "$results.quantity" },
          cents: { $sum: "$results.cents" },
        },
      },
    ]),
  ]);
  for (const { _id, n, arrests } of operations) {
    for (const code of levels(_id.d)) {
      const doc = entry(code, _id.m);
      doc.operations += n;
      doc.arrests += arrests;
      // Every operation has a provenance once `migrateProvenance` has run (it runs before any rebuild).
      const dataset = groupedDataset(_id.p);
      if (dataset) addSource(doc.sources, dataset, n);
    }
  }
  for (const { _id, quantity, cents } of lines) {
    const key = `${_id.i}|${_id.a}|${_id.u}`;
    for (const code of levels(_id.d)) {
      const doc = entry(code, _id.m);
      if (_id.a === "DESTROYED") doc.destroyedCents += cents;
      else doc.seizedCents += cents;
      const item: ItemCounter = (doc.items[key] ??= { milli: 0, cents: 0 });
      item.milli += toMilli(quantity);
      item.cents += cents;
    }
  }
  await models.RegionStats.deleteMany({});
  const docs = [...stats.values()];
  for (let i = 0; i < docs.length; i += 5_000) {
    await models.RegionStats.insertMany(docs.slice(i, i + 5_000), { ordered: false, lean: true });
  }
  return stats.size;
}

/**
 * Rebuilds the counters when there are operations but no counters (a fresh import, a lost collection), or when
 * some counter lacks `sources` (counters kept by a version before provenance).
 */
export async function ensureRegionStats(models: Models): Promise<void> {
  const [operations, stats, unsourced] = await Promise.all([
    models.Operation.estimatedDocumentCount(),
    models.RegionStats.estimatedDocumentCount(),
    models.RegionStats.exists({ sources: { $exists: false } }),
  ]);
  if ((operations > 0 && stats === 0) || unsourced) await rebuildRegionStats(models);
}
