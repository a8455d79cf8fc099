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

/** What the counters read of an operation. */
export type CountedOperation = Pick<OperationDoc, "district" | "date" | "arrests" | "results" | "provenance">;

/** The net change of one counter document: its `$inc`, and the descriptions of the datasets it counts more of. */
interface DocChange {
  ubigeo: string;
  month: string;
  inc: Record<string, number>;
  set: Record<string, unknown>;
}

/** The fields every counter document has, kept in every `$inc` so an upsert creates them. */
const BASE = ["operations", "arrests", "destroyedCents", "seizedCents"];
/** The description `sourceCounterUpdate` sets beside a dataset's count. */
const SOURCE_FIELDS = ["kind", "dataset", "source", "asOf"];

/**
 * A change to the counters, netted per counter document (`<ubigeo>|<YYYY-MM>`): operations counted (`+1`) and
 * uncounted (`-1`) add up before anything is written, so an operation corrected within one province moves
 * only its two districts, and an unchanged one moves nothing.
 */
export class StatsChange {
  readonly #docs = new Map<string, DocChange>();

  /** Counts `operation` once more (`1`) or once less (`-1`) at each level of its district, in its month. */
  add(operation: CountedOperation, delta: 1 | -1): this {
    const month = monthOf(operation.date);
    const source = sourceCounterUpdate(operation.provenance, delta);
    const inc = increments(operation);
    for (const ubigeo of levels(operation.district)) {
      const id = `${ubigeo}|${month}`;
      let doc = this.#docs.get(id);
      if (!doc) this.#docs.set(id, (doc = { ubigeo, month, inc: {}, set: {} }));
      for (const [path, n] of Object.entries(inc)) doc.inc[path] = (doc.inc[path] ?? 0) + delta * n;
      for (const [path, n] of Object.entries(source.$inc)) doc.inc[path] = (doc.inc[path] ?? 0) + n;
      Object.assign(doc.set, source.$set);
    }
    return this;
  }

  /**
   * The upserts that apply the change (one per counter document it moves), then the conditional clean-ups for
   * what it took away: a document left counting no operation is deleted, an item or dataset left at zero is
   * unset, as a rebuild would leave them. The clean-ups match only documents still at zero, so a write that
   * landed in between keeps what it counted.
   */
  ops(): { apply: StatsOp[]; tidy: StatsOp[] } {
    const apply: StatsOp[] = [];
    const tidy: StatsOp[] = [];
    for (const [id, doc] of this.#docs) {
      const inc: Record<string, number> = {};
      const set: Record<string, unknown> = {};
      const emptied = new Set<string>();
      // `items.<key>.milli` or `sources.<key>.records`: the entry is `items.<key>` or `sources.<key>`; an entry
      // is left out when none of its figures moves, and kept whole otherwise (a free item's `cents` stay 0).
      const entryOf = (path: string) => path.split(".").slice(0, 2).join(".");
      const moved = new Set(
        Object.entries(doc.inc)
          .filter(([path, n]) => n !== 0 && !BASE.includes(path))
          .map(([path]) => entryOf(path)),
      );
      for (const [path, n] of Object.entries(doc.inc)) {
        const entry = entryOf(path);
        if (!BASE.includes(path) && !moved.has(entry)) continue;
        inc[path] = n;
        if (n < 0 && !BASE.includes(path)) emptied.add(entry);
        // A dataset counted once more gets its description (the same values on every write).
        if (path.startsWith("sources.") && n > 0) {
          for (const field of SOURCE_FIELDS) set[`${entry}.${field}`] = doc.set[`${entry}.${field}`];
        }
      }
      if (Object.values(inc).every((n) => n === 0)) continue;
      const update = { $setOnInsert: { ubigeo: doc.ubigeo, month: doc.month }, $inc: inc };
      apply.push({
        updateOne: {
          filter: { _id: id },
          update: Object.keys(set).length > 0 ? { ...update, $set: set } : update,
          upsert: true,
        },
      });
      if ((inc.operations ?? 0) < 0) tidy.push({ deleteOne: { filter: { _id: id, operations: 0 } } });
      for (const entry of emptied) {
        const zero = entry.startsWith("items.")
          ? { [`${entry}.milli`]: 0, [`${entry}.cents`]: 0 }
          : { [`${entry}.records`]: 0 };
        tidy.push({ updateOne: { filter: { _id: id, ...zero }, update: { $unset: { [entry]: "" } } } });
      }
    }
    return { apply, tidy };
  }
}

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
