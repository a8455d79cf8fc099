import type { Document } from "bson";
import { compareValues, type StringOrder } from "./bson-order.ts";
import type { Collation } from "./collation.ts";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject, pathValues } from "./paths.ts";

/** A compiled sort specification. */
export type Comparator = (a: Document, b: Document) => number;

/**
 * Compiles a sort document into a comparator with MongoDB's semantics (strings by `collation` when given): BSON type order across types, a missing
 * field sorts as null, and an array field sorts by its smallest element ascending or its largest descending.
 */
export function compileSort(spec: Document, collation?: Collation): Comparator | undefined {
  const keys = sortKeys(spec);
  if (!keys) return undefined;
  const strings = collation?.compare;
  return (a, b) => {
    for (const [path, direction] of keys) {
      const c = compareValues(
        sortValue(a, path, direction, strings),
        sortValue(b, path, direction, strings),
        strings,
      );
      if (c !== 0) return c * direction;
    }
    return 0;
  };
}

/** The sort document's paths and directions, validated; undefined for an empty sort. */
export function sortKeys(spec: Document): [string, 1 | -1][] | undefined {
  if (!isPlainObject(spec)) throw new MongoCommandError("TypeMismatch", "sort must be an object");
  const keys = Object.entries(spec).map(([path, direction]): [string, 1 | -1] => {
    if (direction === 1 || direction === -1) return [path, direction];
    if (isPlainObject(direction) && "$meta" in direction) {
      throw new MongoCommandError("NotImplemented", "$meta sort is not supported by the embedded server");
    }
    throw new MongoCommandError(
      "BadValue",
      `Illegal key in $sort specification: ${path}: ${String(direction)}`,
    );
  });
  return keys.length === 0 ? undefined : keys;
}

interface Keyed {
  doc: Document;
  key: unknown[];
  position: number;
}

/**
 * Sorts documents by precomputed keys (each document's sort values are extracted once, not per comparison),
 * stable like MongoDB's sort. With a `limit`, keeps only the first `limit` in order (a bounded insertion, so a
 * page of 20 out of 100,000 costs n·log(20) comparisons, not a full sort).
 */
export function sortDocuments(
  docs: readonly Document[],
  keys: [string, 1 | -1][],
  limit = 0,
  collation?: Collation,
): Document[] {
  const strings = collation?.compare;
  const compare = (a: Keyed, b: Keyed): number => {
    for (let i = 0; i < keys.length; i++) {
      const c = compareValues(a.key[i], b.key[i], strings);
      if (c !== 0) return c * (keys[i] as [string, 1 | -1])[1];
    }
    return a.position - b.position;
  };
  const keyed = (doc: Document, position: number): Keyed => ({
    doc,
    key: keys.map(([path, direction]) => sortValue(doc, path, direction, strings)),
    position,
  });
  if (limit <= 0 || limit * 8 >= docs.length) {
    return docs
      .map(keyed)
      .sort(compare)
      .map((entry) => entry.doc);
  }
  const best: Keyed[] = [];
  docs.forEach((doc, position) => {
    const entry = keyed(doc, position);
    if (best.length === limit && compare(entry, best[limit - 1] as Keyed) >= 0) return;
    let low = 0;
    let high = best.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (compare(best[mid] as Keyed, entry) <= 0) low = mid + 1;
      else high = mid;
    }
    best.splice(low, 0, entry);
    if (best.length > limit) best.pop();
  });
  return best.map((entry) => entry.doc);
}

function sortValue(doc: Document, path: string, direction: 1 | -1, strings?: StringOrder): unknown {
  const values = pathValues(doc, path);
  if (values.length === 0) return null;
  if (values.length === 1) {
    const only = values[0];
    // An empty array sorts before null, as `undefined` does in MongoDB.
    return Array.isArray(only) && only.length === 0 ? undefined : only;
  }
  let best = values[0];
  for (const value of values) {
    const c = compareValues(value, best, strings);
    if (direction === 1 ? c < 0 : c > 0) best = value;
  }
  return best;
}
