import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { parseCollation, type Collation } from "./collation.ts";
import { CollationClasses, UNKNOWN_CLASS } from "./collation-classes.ts";
import { indexKey } from "./index-key.ts";
import { compileFilter } from "./mingo.ts";
import { pathValues } from "./paths.ts";
import type { IndexSpec } from "../storage/records.ts";

/**
 * One key a document contributes to an index: its canonical string, the values that make it up, and those
 * values as the index keys them (strings replaced by their collation class's representative when the index
 * has a collation; the values themselves otherwise).
 */
export interface IndexKeyEntry {
  key: string;
  values: unknown[];
  keyed: unknown[];
}

/** Most compound multikey expansions MongoDB would allow; past this the document is refused. */
const MAX_KEYS_PER_DOCUMENT = 10_000;

/**
 * A secondary index: a hash map from the canonical key of the indexed values to the documents holding them.
 * It answers equality and `$in` without a scan, and enforces `unique` (with `sparse` and
 * `partialFilterExpression`) on every write. A compound index also keeps a map per leading prefix of its
 * fields, so equality on the first fields narrows the candidates even when a later field has a range (as
 * MongoDB's B-tree does for `{ubigeo: {$in}, month: {$gte, $lte}}`). Ranges themselves and sorts still scan
 * the candidates: see the known gaps.
 */
export class Index {
  readonly spec: IndexSpec;
  readonly fields: readonly string[];
  readonly #entries = new Map<string, Holders>();
  /** For a compound index: `#prefixes[k - 1]` maps the key of the first k values to the documents holding them. */
  readonly #prefixes: Map<string, Holders>[];
  readonly #partial: ((doc: Document) => boolean) | undefined;
  /** The index's collation (undefined: binary); strings are keyed by their class under it. */
  readonly collation: Collation | undefined;
  readonly #classes: CollationClasses | undefined;

  constructor(spec: IndexSpec) {
    this.spec = spec;
    this.fields = Object.keys(spec.key);
    this.#prefixes = this.fields.slice(1).map(() => new Map<string, Holders>());
    this.collation = spec.collation ? parseCollation(spec.collation) : undefined;
    this.#classes = this.collation ? new CollationClasses(this.collation) : undefined;
    this.#partial = spec.partialFilterExpression
      ? compileFilter(spec.partialFilterExpression, undefined, this.collation)
      : undefined;
  }

  /** The values as this index keys them; undefined when a lookup meets a string in no known class. */
  #keyed(values: readonly unknown[], add: boolean): unknown[] | undefined {
    const classes = this.#classes;
    if (!classes) return values as unknown[];
    const keyed = values.map((value) => classes.canonicalValue(value, add));
    return keyed.includes(UNKNOWN_CLASS) ? undefined : keyed;
  }

  get name(): string {
    return this.spec.name;
  }

  get unique(): boolean {
    return this.spec.unique === true;
  }

  /** Whether equality lookups may use this index (a partial index misses documents outside its filter). */
  get usableForEquality(): boolean {
    return this.#partial === undefined;
  }

  /** The keys a document contributes; none when a sparse or partial index leaves it out. */
  keysOf(doc: Document): IndexKeyEntry[] {
    if (this.#partial && !this.#partial(doc)) return [];
    const perField = this.fields.map((field) => pathValues(doc, field));
    if (this.spec.sparse && perField.every((values) => values.length === 0)) return [];
    let combos: unknown[][] = [[]];
    for (const values of perField) {
      const options = values.length === 0 ? [null] : dedupe(values);
      const next: unknown[][] = [];
      for (const combo of combos) for (const value of options) next.push([...combo, value]);
      combos = next;
      if (combos.length > MAX_KEYS_PER_DOCUMENT) {
        throw new MongoCommandError(
          "CannotCreateIndex",
          `cannot index parallel arrays or too many keys for index ${this.name}`,
        );
      }
    }
    return combos.map((values) => {
      const keyed = this.#keyed(values, true) as unknown[];
      return { key: compositeKey(keyed), values, keyed };
    });
  }

  /** Ids of documents whose key equals `values` (one value per indexed field). */
  lookup(values: readonly unknown[]): Iterable<string> | undefined {
    const keyed = this.#keyed(values, false);
    return keyed && holdersOf(this.#entries.get(compositeKey(keyed)));
  }

  /** Ids of documents whose first `values.length` indexed fields equal `values` (a strict prefix). */
  lookupPrefix(values: readonly unknown[]): Iterable<string> | undefined {
    const keyed = this.#keyed(values, false);
    return keyed && holdersOf(this.#prefixes[values.length - 1]?.get(compositeKey(keyed)));
  }

  /** Throws the E11000 duplicate-key error if another document already holds one of these keys. */
  checkUnique(ns: string, id: string, keys: readonly IndexKeyEntry[]): void {
    if (!this.unique) return;
    for (const entry of keys) {
      for (const holder of holdersOf(this.#entries.get(entry.key)) ?? []) {
        if (holder !== id) throw this.duplicateKeyError(ns, entry.values);
      }
    }
  }

  duplicateKeyError(ns: string, values: readonly unknown[]): MongoCommandError {
    return duplicateKeyError(ns, this.name, this.spec.key, this.fields, values);
  }

  add(id: string, keys: readonly IndexKeyEntry[]): void {
    for (const { key, keyed } of keys) {
      addTo(this.#entries, key, id);
      this.#prefixes.forEach((map, k) => addTo(map, compositeKey(keyed.slice(0, k + 1)), id));
    }
  }

  /** Removes every key of a document (always all of them: prefixes shared by two keys go with the first). */
  remove(id: string, keys: readonly IndexKeyEntry[]): void {
    for (const { key, keyed } of keys) {
      removeFrom(this.#entries, key, id);
      this.#prefixes.forEach((map, k) => removeFrom(map, compositeKey(keyed.slice(0, k + 1)), id));
    }
  }

  clear(): void {
    this.#entries.clear();
    for (const map of this.#prefixes) map.clear();
  }
}

/**
 * The `_id` keys of the documents holding one index key: the key itself when there is one (most keys of a
 * unique or selective index), a set past that. A set per key would be most of the heap a large collection
 * keeps, and every object on the heap is marked by each full collection.
 */
type Holders = string | Set<string>;

function holdersOf(holders: Holders | undefined): Iterable<string> | undefined {
  return typeof holders === "string" ? [holders] : holders;
}

function addTo(map: Map<string, Holders>, key: string, id: string): void {
  const holders = map.get(key);
  if (holders === undefined) map.set(key, id);
  else if (typeof holders === "string") {
    if (holders !== id) map.set(key, new Set([holders, id]));
  } else holders.add(id);
}

function removeFrom(map: Map<string, Holders>, key: string, id: string): void {
  const holders = map.get(key);
  if (holders === undefined) return;
  if (typeof holders === "string") {
    if (holders === id) map.delete(key);
    return;
  }
  holders.delete(id);
  if (holders.size === 1) map.set(key, holders.values().next().value as string);
  else if (holders.size === 0) map.delete(key);
}

function dedupe(values: unknown[]): unknown[] {
  if (values.length < 2) return values;
  const seen = new Map<string, unknown>();
  for (const value of values) seen.set(indexKey(value), value);
  return [...seen.values()];
}

function compositeKey(values: readonly unknown[]): string {
  return values.length === 1 ? indexKey(values[0]) : values.map(indexKey).join("\u0000");
}

/** MongoDB's E11000 error: message, `keyPattern` and `keyValue` exactly as the server reports them. */
export function duplicateKeyError(
  ns: string,
  indexName: string,
  keyPattern: Document,
  fields: readonly string[],
  values: readonly unknown[],
): MongoCommandError {
  const keyValue: Document = {};
  fields.forEach((field, i) => (keyValue[field] = values[i] ?? null));
  const shown = fields.map((field, i) => `${field}: ${renderValue(values[i] ?? null)}`).join(", ");
  return new MongoCommandError(
    "DuplicateKey",
    `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`,
    { keyPattern: { ...keyPattern }, keyValue },
  );
}

function renderValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return `new Date(${value.getTime()})`;
  if (value !== null && typeof value === "object" && "toHexString" in value) {
    return `ObjectId('${(value as { toHexString(): string }).toHexString()}')`;
  }
  return String(value);
}
