import { monthOf, sourceCounterUpdate } from "@tinkuy/kit";
import type { AnyBulkWriteOperation } from "mongoose";
import type { OperationDoc, RegionStatsDoc } from "./models.ts";
import { itemKey, toMilli } from "./vocabulary.ts";

/** One write to the counters (`region_stats`). */
export type StatsOp = AnyBulkWriteOperation<RegionStatsDoc>;

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
 * uncounted (`-1`) add up before anything is written: an operation moved between two districts of a province,
 * its figures unchanged, moves only those two districts' counters, and an unchanged one moves nothing.
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
