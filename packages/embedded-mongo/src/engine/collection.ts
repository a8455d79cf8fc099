import { deserialize, type Document } from "bson";
import { FieldPicker } from "./bson-fields.ts";
import { bsonId } from "./bson-id.ts";
import { BsonSlabStore } from "./bson-slab-store.ts";
import type { Collation } from "./collation.ts";
import { constraintsByCollation } from "./collated-plan.ts";
import type { DocumentStore } from "./document-store.ts";
import { MongoCommandError } from "./errors.ts";
import { filterFields } from "./filter-fields.ts";
import { Index, duplicateKeyError, type IndexKeyEntry } from "./index.ts";
import { indexKey } from "./index-key.ts";
import { combinations, equalityConstraints, mergeConstraints, orBranches } from "./planner.ts";
import type { VersionKeeper } from "./version-store.ts";
import type { IndexSpec, StorageRecord } from "../storage/records.ts";

/** The `_id` index every collection has; it cannot be dropped. */
export const ID_INDEX: IndexSpec = { name: "_id_", key: { _id: 1 } };

/** Where a collection sends the records of its changes (the journal), and counts what it examines. */
export interface CollectionHooks {
  record?: ((record: StorageRecord) => void) | undefined;
  examined: (ns: string, docs: number) => void;
  /** Told the version each write replaces, while open transactions read snapshots. */
  versions?: VersionKeeper | undefined;
}

/** The result of planning a filter: the documents to test, and which index (if any) chose them. */
export interface Candidates {
  docs: Iterable<Document>;
  index: string | undefined;
}

/** A scan's matches, whole, in natural order (lazily: stop early and fewer are decoded). */
export interface Scan {
  matches: Iterable<Document>;
  /** Documents tested so far. */
  examined(): number;
  index: string | undefined;
}

/** An index lookup answering a filter's equality constraints: which index, how narrow, and the ids it finds. */
interface Plan {
  index: string;
  strength: number;
  ids: () => Iterable<string>;
}

/** The ids of the documents holding any of the key combinations (each found by `lookup`), without repeats. */
function idsOf(
  combos: readonly unknown[][],
  lookup: (combo: unknown[]) => Iterable<string> | undefined,
): Set<string> {
  const keys = new Set<string>();
  for (const combo of combos) for (const id of lookup(combo) ?? []) keys.add(id);
  return keys;
}

/**
 * One collection: documents by `_id` in insertion (natural) order, and its secondary indexes. The documents
 * live in a {@link DocumentStore} as BSON outside the JS heap; every read decodes a fresh copy, so readers
 * holding a document (open cursors) see a consistent one whatever is written after. Every write checks all
 * unique indexes before changing anything.
 */
export class Collection {
  readonly db: string;
  readonly name: string;
  readonly ns: string;
  #options: Document;
  readonly #docs: DocumentStore = new BsonSlabStore();
  readonly #indexes: Index[] = [];
  readonly #hooks: CollectionHooks;

  constructor(db: string, name: string, options: Document, hooks: CollectionHooks) {
    this.db = db;
    this.name = name;
    this.ns = `${db}.${name}`;
    this.#options = options;
    this.#hooks = hooks;
  }

  /** The options it was created with (`create`), as `collMod` last changed them. */
  get options(): Document {
    return this.#options;
  }

  /** Replaces the collection's options (`collMod`), recorded in the journal. */
  setOptions(options: Document): void {
    this.#options = options;
    this.#hooks.record?.({ op: "setOptions", db: this.db, coll: this.name, options });
  }

  get count(): number {
    return this.#docs.size;
  }

  /** Index definitions, `_id_` first, as `listIndexes` reports them. */
  indexSpecs(): IndexSpec[] {
    return [ID_INDEX, ...this.#indexes.map((index) => index.spec)];
  }

  /** All documents in natural order, each decoded as the iteration reaches it (a copy of its own). */
  all(): IterableIterator<Document> {
    return this.#docs.values();
  }

  /** The stored document with this `_id`, if any (a copy of its own). */
  get(id: unknown): Document | undefined {
    return this.#docs.get(indexKey(id));
  }

  /** The stored document whose `_id` has this index key (as index lookups return them), if any. */
  getByKey(key: string): Document | undefined {
    return this.#docs.get(key);
  }

  /**
   * The documents that may match `filter`: an `_id` or secondary-index lookup for equality and `$in`
   * conditions, otherwise every document. A top-level `$or` whose every branch, with the conditions beside the
   * `$or`, narrows further on an index than those conditions alone is answered as the union of its branches'
   * lookups (MongoDB's OR plan): `{region: {$in: [1,891 codes]}, $or: [{grain: "Y", …}, {grain: "M", …}]}` looks
   * up (region, grain) pairs instead of every entry of the regions. The caller still tests each candidate
   * against the whole filter. Under a `collation`, an index answers string equalities only when it has the
   * same collation (MongoDB's rule); otherwise it still answers the other values.
   */
  candidates(filter: Document, collation?: Collation): Candidates {
    const { ids, index } = this.#candidateIds(filter, collation);
    return { docs: ids === undefined ? this.all() : this.#docs.byIds(ids), index };
  }

  /**
   * The documents matching `test` among the candidates for `filter` under `collation` (see {@link candidates}).
   * A candidate is first tested on the top-level fields the filter reads, decoded alone, and decoded whole only
   * if it passes; `test` must be the filter compiled under the same collation, so the pre-test answers as the
   * whole document would.
   */
  scan(filter: Document, test: (doc: Document) => boolean, collation?: Collation): Scan {
    const { ids, index } = this.#candidateIds(filter, collation);
    const fields = filterFields(filter);
    let examined = 0;
    const matches = this.#docs.matching(
      ids,
      fields ? new FieldPicker(fields) : undefined,
      test,
      () => void examined++,
    );
    return { matches, examined: () => examined, index };
  }

  #candidateIds(
    filter: Document,
    collation: Collation | undefined,
  ): { ids: Iterable<string> | undefined; index: string | undefined } {
    const constraints = equalityConstraints(filter);
    const plan = this.#plan(constraints, collation);
    const branches = orBranches(filter);
    if (branches) {
      const plans = branches.map((branch) =>
        this.#plan(mergeConstraints(constraints, equalityConstraints(branch)), collation),
      );
      if (plans.every((each) => each !== undefined && each.strength > (plan?.strength ?? 0))) {
        const keys = new Set<string>();
        for (const each of plans as Plan[]) for (const id of each.ids()) keys.add(id);
        const names = new Set((plans as Plan[]).map((each) => each.index));
        return { ids: keys, index: [...names].join(",") };
      }
    }
    if (plan) return { ids: plan.ids(), index: plan.index };
    return { ids: undefined, index: undefined };
  }

  /**
   * How an index answers equality constraints: `_id`, else the first index every field of which is constrained
   * (unique ones first), else the longest constrained leading prefix of a compound index; undefined when no
   * index helps. `strength` orders plans: the more fields looked up, the fewer candidates.
   */
  #plan(all: Map<string, unknown[]>, collation: Collation | undefined): Plan | undefined {
    if (all.size === 0) return undefined;
    const usableBy = constraintsByCollation(all, collation);
    // The `_id` map is binary.
    const ids = usableBy(undefined).get("_id");
    if (ids) return { index: "_id_", strength: Infinity, ids: () => ids.map(indexKey) };
    const usable = this.#usableIndexes();
    const forIndex = (index: Index): Map<string, unknown[]> => usableBy(index.collation);
    for (const index of usable) {
      const combos = combinations(index.fields, forIndex(index));
      if (!combos) continue;
      return {
        index: index.name,
        strength: index.fields.length + (index.unique ? 0.5 : 0),
        ids: () => idsOf(combos, (combo) => index.lookup(combo)),
      };
    }
    let best: { index: Index; combos: unknown[][]; length: number } | undefined;
    for (const index of usable) {
      for (let k = index.fields.length - 1; k >= 1 && k > (best?.length ?? 0); k--) {
        const combos = combinations(index.fields.slice(0, k), forIndex(index));
        if (combos) {
          best = { index, combos, length: k };
          break;
        }
      }
    }
    if (!best) return undefined;
    const { index, combos, length } = best;
    return {
      index: index.name,
      strength: length,
      ids: () => idsOf(combos, (combo) => index.lookupPrefix(combo)),
    };
  }

  #usableIndexes(): Index[] {
    // Unique indexes first: they narrow the candidates most.
    return this.#indexes
      .filter((index) => index.usableForEquality)
      .sort((a, b) => Number(b.unique) - Number(a.unique));
  }

  /** Counts documents examined, for the server's statistics. */
  examined(docs: number): void {
    this.#hooks.examined(this.ns, docs);
  }

  /** Inserts a document that already has its `_id`; throws E11000 without changing anything on conflict. */
  insert(doc: Document): void {
    const id = indexKey(doc._id);
    if (this.#docs.has(id)) throw duplicateKeyError(this.ns, "_id_", { _id: 1 }, ["_id"], [doc._id]);
    const keys = this.#indexes.map((index) => index.keysOf(doc));
    this.#indexes.forEach((index, i) => index.checkUnique(this.ns, id, keys[i] as IndexKeyEntry[]));
    if (this.#hooks.versions?.active) this.#hooks.versions.before(this.ns, id, undefined);
    this.#indexes.forEach((index, i) => index.add(id, keys[i] as IndexKeyEntry[]));
    const bson = this.#docs.put(id, doc);
    this.#hooks.record?.({ op: "put", db: this.db, coll: this.name, doc: bson });
  }

  /** Replaces the stored document with the same `_id`; unique indexes are checked before anything changes. */
  replace(next: Document): void {
    const id = indexKey(next._id);
    if (!this.#docs.has(id)) {
      throw new MongoCommandError("InternalError", `no document with _id ${id} to replace`);
    }
    const versions = this.#hooks.versions?.active ? this.#hooks.versions : undefined;
    // Decoded only when something needs the old document: its index keys, or open transactions' snapshots
    // (the decoded copy is the transaction's before-image; the stored bytes never change, so it stays valid).
    const stored = this.#indexes.length > 0 || versions ? this.#docs.get(id) : undefined;
    const before = this.#indexes.map((index) => index.keysOf(stored as Document));
    const after = this.#indexes.map((index) => index.keysOf(next));
    this.#indexes.forEach((index, i) => index.checkUnique(this.ns, id, after[i] as IndexKeyEntry[]));
    versions?.before(this.ns, id, stored);
    this.#indexes.forEach((index, i) => {
      index.remove(id, before[i] as IndexKeyEntry[]);
      index.add(id, after[i] as IndexKeyEntry[]);
    });
    const bson = this.#docs.put(id, next);
    this.#hooks.record?.({ op: "put", db: this.db, coll: this.name, doc: bson });
  }

  /** Removes the document with this `_id`; returns whether there was one. */
  remove(idValue: unknown): boolean {
    const id = indexKey(idValue);
    if (!this.#docs.has(id)) return false;
    const versions = this.#hooks.versions?.active ? this.#hooks.versions : undefined;
    const stored = this.#indexes.length > 0 || versions ? this.#docs.get(id) : undefined;
    versions?.before(this.ns, id, stored);
    for (const index of this.#indexes) index.remove(id, index.keysOf(stored as Document));
    this.#docs.delete(id);
    this.#hooks.record?.({ op: "delete", db: this.db, coll: this.name, id: idValue });
    return true;
  }

  /** The index with this name, `_id_` excluded. */
  index(name: string): Index | undefined {
    return this.#indexes.find((index) => index.name === name);
  }

  /**
   * Adds an index built over the existing documents; a unique index over duplicate data is refused. Replay
   * skips that check: a snapshot taken while writes continue may hold a duplicate that later journal records
   * resolve, and every record was checked when it was first written.
   */
  createIndex(spec: IndexSpec, options: { replaying?: boolean } = {}): void {
    const index = new Index(spec);
    for (const [id, doc] of this.#docs.entries()) {
      const keys = index.keysOf(doc);
      if (!options.replaying) index.checkUnique(this.ns, id, keys);
      index.add(id, keys);
    }
    this.#indexes.push(index);
    this.#hooks.record?.({ op: "createIndex", db: this.db, coll: this.name, spec });
  }

  /** Drops a secondary index by name. */
  dropIndex(name: string): void {
    const at = this.#indexes.findIndex((index) => index.name === name);
    if (at < 0) throw new MongoCommandError("IndexNotFound", `index not found with name [${name}]`);
    this.#indexes.splice(at, 1);
    this.#hooks.record?.({ op: "dropIndex", db: this.db, coll: this.name, name });
  }

  /** Records that rebuild this collection, for a snapshot. */
  *snapshot(): IterableIterator<StorageRecord> {
    yield { op: "createCollection", db: this.db, coll: this.name, options: this.options };
    for (const index of this.#indexes)
      yield { op: "createIndex", db: this.db, coll: this.name, spec: index.spec };
    for (const bson of this.#docs.rawValues()) yield { op: "put", db: this.db, coll: this.name, doc: bson };
  }

  /**
   * Replays one `put` from storage (the document or its BSON): an insert or a replacement, without unique
   * checks (already checked when it was first written).
   */
  restorePut(stored: Document | Uint8Array): void {
    const hasIndexes = this.#indexes.length > 0;
    const doc = stored instanceof Uint8Array ? (hasIndexes ? deserialize(stored) : undefined) : stored;
    const id = indexKey(doc ? doc._id : bsonId(stored as Uint8Array));
    if (hasIndexes) {
      const previous = this.#docs.get(id);
      if (previous) for (const index of this.#indexes) index.remove(id, index.keysOf(previous));
    }
    this.#docs.put(id, stored);
    if (doc) for (const index of this.#indexes) index.add(id, index.keysOf(doc));
  }
}
