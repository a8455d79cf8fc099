import type { Document } from "bson";
import { compareValues } from "./bson-order.ts";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject, pathValues } from "./paths.ts";

/** A compiled sort specification. */
export type Comparator = (a: Document, b: Document) => number;

/**
 * Compiles a sort document into a comparator with MongoDB's semantics: BSON type order across types, a missing
 * field sorts as null, and an array field sorts by its smallest element ascending or its largest descending.
 */
export function compileSort(spec: Document): Comparator | undefined {
  if (!isPlainObject(spec)) throw new MongoCommandError("TypeMismatch", "sort must be an object");
  const keys = Object.entries(spec).map(([path, direction]): [string, 1 | -1] => {
    if (direction === 1 || direction === -1) return [path, direction];
    if (typeof direction === "number" && (direction === 1.0 || direction === -1.0)) return [path, direction];
    if (isPlainObject(direction) && "$meta" in direction) {
      throw new MongoCommandError("NotImplemented", "$meta sort is not supported by the embedded server");
    }
    throw new MongoCommandError(
      "BadValue",
      `Illegal key in $sort specification: ${path}: ${String(direction)}`,
    );
  });
  if (keys.length === 0) return undefined;
  return (a, b) => {
    for (const [path, direction] of keys) {
      const c = compareValues(sortValue(a, path, direction), sortValue(b, path, direction));
      if (c !== 0) return c * direction;
    }
    return 0;
  };
}

function sortValue(doc: Document, path: string, direction: 1 | -1): unknown {
  const values = pathValues(doc, path);
  if (values.length === 0) return null;
  if (values.length === 1) {
    const only = values[0];
    // An empty array sorts before null, as `undefined` does in MongoDB.
    return Array.isArray(only) && only.length === 0 ? undefined : only;
  }
  let best = values[0];
  for (const value of values) {
    const c = compareValues(value, best);
    if (direction === 1 ? c < 0 : c > 0) best = value;
  }
  return best;
}

/** Sorts a copy of `docs`, stable, as MongoDB's sort is for equal keys in natural order. */
export function sortDocuments(docs: Document[], comparator: Comparator | undefined): Document[] {
  return comparator ? [...docs].sort(comparator) : docs;
}
