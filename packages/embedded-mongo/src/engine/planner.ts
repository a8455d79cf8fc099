import type { Document } from "bson";
import { typeClass } from "./bson-order.ts";
import { isPlainObject } from "./paths.ts";

/** Most key combinations (product of `$in` lists over an index's fields) looked up before scanning instead. */
const MAX_LOOKUPS = 4096;

const INDEXABLE = new Set(["number", "string", "objectId", "date", "boolean", "binary", "timestamp"]);

function indexable(value: unknown): boolean {
  return INDEXABLE.has(typeClass(value));
}

/**
 * The values each top-level field must equal for a document to match, read from equality and `$in`
 * conditions (also inside a top-level `$and`). A field whose condition cannot be answered by a hash lookup
 * (null, regex, arrays, embedded documents) is left out, so the caller scans rather than miss a match.
 */
export function equalityConstraints(filter: Document): Map<string, unknown[]> {
  const out = new Map<string, unknown[]>();
  collect(filter, out);
  return out;
}

function collect(filter: Document, out: Map<string, unknown[]>): void {
  for (const [field, condition] of Object.entries(filter)) {
    if (field === "$and" && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collect(clause, out);
      continue;
    }
    if (field.startsWith("$") || out.has(field)) continue;
    const values = valuesOf(condition);
    if (values) out.set(field, values);
  }
}

function valuesOf(condition: unknown): unknown[] | undefined {
  if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith("$"))) {
    if ("$eq" in condition) return indexable(condition.$eq) ? [condition.$eq] : undefined;
    const list = condition.$in;
    if (Array.isArray(list) && list.every(indexable)) return list;
    return undefined;
  }
  return indexable(condition) ? [condition] : undefined;
}

/** Every combination of one value per field, or undefined when there would be too many to look up. */
export function combinations(
  fields: readonly string[],
  constraints: Map<string, unknown[]>,
): unknown[][] | undefined {
  let combos: unknown[][] = [[]];
  for (const field of fields) {
    const values = constraints.get(field);
    if (!values) return undefined;
    if (combos.length * values.length > MAX_LOOKUPS) return undefined;
    combos = combos.flatMap((combo) => values.map((value) => [...combo, value]));
  }
  return combos;
}

/**
 * The branches of the filter's top-level `$or` (or of the first `$or` inside a top-level `$and`), each of which a
 * matching document satisfies at least one of; undefined when there is none.
 */
export function orBranches(filter: Document): Document[] | undefined {
  const or = filter.$or as unknown;
  if (Array.isArray(or) && or.length > 0 && or.every(isPlainObject)) return or;
  const and = filter.$and as unknown;
  if (!Array.isArray(and)) return undefined;
  for (const clause of and) {
    if (!isPlainObject(clause)) continue;
    const inner = orBranches(clause);
    if (inner) return inner;
  }
  return undefined;
}

/**
 * The constraints a document meeting both `outer` and `inner` meets: a field constrained by both keeps the
 * shorter list (either one alone finds every match through the index).
 */
export function mergeConstraints(
  outer: Map<string, unknown[]>,
  inner: Map<string, unknown[]>,
): Map<string, unknown[]> {
  const merged = new Map(outer);
  for (const [field, values] of inner) {
    const other = merged.get(field);
    if (!other || values.length < other.length) merged.set(field, values);
  }
  return merged;
}
