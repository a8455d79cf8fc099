import { addSource, datasetGroup, groupedDataset, monthOf, type ProvenanceDoc } from "@tinkuy/kit";
import type { ItemCounter, Models, OperationDoc, RegionStatsDoc } from "./models.ts";
import { levels, StatsChange, type CountedOperation, type StatsOp } from "./stats-change.ts";
import { toMilli } from "./vocabulary.ts";

/**
 * The counter updates for a recorded operation: one upsert per level (department, province, district) of its
 * month, sent as one bulkWrite. Region figures are read from these counters, never by scanning operations; the
 * operation also counts under its dataset (`sources.<key>`), so a figure's `sources` costs no other read.
 */
export function operationStatsChange(operation: CountedOperation): StatsOp[] {
  return new StatsChange().add(operation, 1).ops().apply;
}

/** Applies counter updates in one database command. */
export async function applyStatsChange(models: Models, ops: StatsOp[]): Promise<void> {
  if (ops.length > 0) await models.RegionStats.bulkWrite(ops, { ordered: false });
}

/**
 * Applies a netted change: its upserts in one command, then (only when it took something away) its clean-ups
 * in a second. Returns how many counter documents it changed or created.
 */
export async function applyNettedChange(models: Models, change: StatsChange): Promise<number> {
  const { apply, tidy } = change.ops();
  if (apply.length === 0) return 0;
  const result = await models.RegionStats.bulkWrite(apply, { ordered: false });
  // Unordered: the driver sends the clean-ups as at most two commands (updates, deletes); none depends on another.
  if (tidy.length > 0) await models.RegionStats.bulkWrite(tidy, { ordered: false });
  return result.modifiedCount + result.upsertedCount;
}

/**
 * Recomputes every counter from the operations (one aggregation for the operations and arrests, one for the
 * result lines) and replaces the stored ones. Used after seeding, and at start when the counters are missing.
 */
export async function rebuildRegionStats(models: Models): Promise<number> {
  const stats = await countRegionStats(models, {});
  await models.RegionStats.deleteMany({});
  const docs = [...stats.values()];
  for (let i = 0; i < docs.length; i += 5_000) {
    await models.RegionStats.insertMany(docs.slice(i, i + 5_000), { ordered: false, lean: true });
  }
  return stats.size;
}

/** Where an operation is counted: its district, in the month of its date. */
export type CountedPlace = Pick<OperationDoc, "district" | "date">;

/**
 * Recomputes from the operations only the counters of `places` (each district's department, province and
 * district, in its month) and writes those alone: one replace or delete each, in one bulkWrite, the aggregations
 * reading only the operations of those departments in those months. Returns how many counters it wrote.
 */
export async function recountRegionStats(models: Models, places: readonly CountedPlace[]): Promise<number> {
  const targets = new Set<string>();
  const departments = new Map<string, Set<string>>();
  for (const place of places) {
    const month = monthOf(place.date);
    for (const code of levels(place.district)) targets.add(`${code}|${month}`);
    let inMonth = departments.get(month);
    if (!inMonth) departments.set(month, (inMonth = new Set()));
    inMonth.add(place.district.slice(0, 2));
  }
  if (targets.size === 0) return 0;
  const match = {
    $or: [...departments].map(([month, codes]) => {
      const start = new Date(`${month}-01T00:00:00.000Z`);
      const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
      return { department: { $in: [...codes] }, date: { $gte: start, $lt: end } };
    }),
  };
  const stats = await countRegionStats(models, match);
  const ops: StatsOp[] = [...targets].map((id) => {
    const doc = stats.get(id);
    return doc
      ? { replaceOne: { filter: { _id: id }, replacement: doc, upsert: true } }
      : { deleteOne: { filter: { _id: id } } };
  });
  await models.RegionStats.bulkWrite(ops, { ordered: false });
  return ops.length;
}

/** The counters of the operations `match` selects, by `<ubigeo>|<YYYY-MM>`, as the stored documents hold them. */
async function countRegionStats(
  models: Models,
  match: Record<string, unknown>,
): Promise<Map<string, RegionStatsDoc>> {
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
      { $match: match },
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
      { $match: match },
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
  return stats;
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

/**
 * Repairs what an import left when it stopped between writing operations and moving their counters: it marks
 * each operation it writes with where it was counted before (`countersPending.from`, null for a new one) and
 * clears the mark once the counters have moved, so a mark found later means the counters where the operation
 * is and was may be off. Those counters alone are recounted from the operations (which holds however far the
 * import got), then the marks cleared. Returns the counters written (0 when no operation was marked). The next
 * import runs it before writing, not the server at start: a mark may belong to an import still running (its
 * counters about to move), and only one import runs at a time.
 */
export async function recoverPendingCounts(models: Models): Promise<number> {
  const marked = await models.Operation.find(
    { countersPending: { $exists: true } },
    { _id: 1, district: 1, date: 1, countersPending: 1 },
  ).lean<(CountedPlace & Pick<OperationDoc, "countersPending"> & { _id: unknown })[]>();
  if (marked.length === 0) return 0;
  const places = marked.flatMap((op) => (op.countersPending?.from ? [op, op.countersPending.from] : [op]));
  const written = await recountRegionStats(models, places);
  await models.Operation.updateMany(
    { _id: { $in: marked.map((op) => op._id) } },
    { $unset: { countersPending: "" } },
  );
  return written;
}
