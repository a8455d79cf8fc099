import type { Document } from "bson";
import type { Collation } from "./collation.ts";
import type { Candidates, Collection, Scan } from "./collection.ts";
import type { DocumentSource } from "./document-source.ts";
import { duplicateKeyError } from "./index.ts";
import { indexKey } from "./index-key.ts";
import type { VersionStore } from "./version-store.ts";
import type { NamespaceWrites } from "./write-set.ts";

/** What a {@link TransactionView} is made of. */
export interface TransactionViewParts {
  ns: string;
  /** The live collection, if it exists. */
  collection: Collection | undefined;
  versions: VersionStore;
  /** The transaction's snapshot time. */
  since: number;
  /** The transaction's pending writes to this collection (written to by the view). */
  writes: NamespaceWrites;
  /** Called before the transaction writes a document: throws WriteConflict if someone else has. */
  claim: (id: string) => void;
}

/**
 * One collection as a transaction sees it: the committed state as of the transaction's start (old versions
 * from the {@link VersionStore}) with the transaction's own writes on top. Writes go to the transaction's
 * write set, not to the collection; unique indexes are checked against this view (and again at commit).
 */
export class TransactionView implements DocumentSource {
  readonly ns: string;
  readonly #collection: Collection | undefined;
  readonly #versions: VersionStore;
  readonly #since: number;
  readonly #writes: NamespaceWrites;
  readonly #claim: (id: string) => void;

  constructor(parts: TransactionViewParts) {
    this.ns = parts.ns;
    this.#collection = parts.collection;
    this.#versions = parts.versions;
    this.#since = parts.since;
    this.#writes = parts.writes;
    this.#claim = parts.claim;
  }

  get options(): Document {
    return this.#collection?.options ?? {};
  }

  get count(): number {
    return [...this.all()].length;
  }

  all(): IterableIterator<Document> {
    return this.#visible(this.#collection?.all() ?? []);
  }

  get(id: unknown): Document | undefined {
    return this.#resolve(indexKey(id), this.#collection?.get(id));
  }

  /**
   * The collection's candidates under `collation` (its index plan uses a collated index only for the same
   * collation), widened by the documents changed since the snapshot and the transaction's own writes.
   */
  candidates(filter: Document, collation?: Collation): Candidates {
    if (!this.#collection) return { docs: this.#visible([]), index: undefined };
    const { docs, index } = this.#collection.candidates(filter, collation);
    return { docs: this.#visible(docs), index };
  }

  /**
   * The visible documents among the candidates that pass `test`. Unlike {@link Collection.scan} each is
   * decoded whole before the test: the version the transaction sees may be an old one, not the stored bytes.
   * `test` is the filter compiled under `collation`, so a whole document answers as the collection's would.
   */
  scan(filter: Document, test: (doc: Document) => boolean, collation?: Collation): Scan {
    const { docs, index } = this.candidates(filter, collation);
    let examined = 0;
    function* matches(): IterableIterator<Document> {
      for (const doc of docs) {
        examined++;
        if (test(doc)) yield doc;
      }
    }
    return { matches: matches(), examined: () => examined, index };
  }

  examined(docs: number): void {
    this.#collection?.examined(docs);
  }

  insert(doc: Document): void {
    const key = indexKey(doc._id);
    this.#claim(key);
    if (this.get(doc._id) !== undefined) {
      throw duplicateKeyError(this.ns, "_id_", { _id: 1 }, ["_id"], [doc._id]);
    }
    this.#checkUnique(key, doc);
    this.#writes.docs.set(key, { id: doc._id, doc });
  }

  replace(next: Document): void {
    const key = indexKey(next._id);
    this.#claim(key);
    this.#checkUnique(key, next);
    this.#writes.docs.set(key, { id: next._id, doc: next });
  }

  remove(id: unknown): boolean {
    if (this.get(id) === undefined) return false;
    const key = indexKey(id);
    this.#claim(key);
    this.#writes.docs.set(key, { id, doc: null });
    return true;
  }

  /** The version the transaction sees of the document with this key, given its committed `current` one. */
  #resolve(key: string, current: Document | undefined): Document | undefined {
    const pending = this.#writes.docs.get(key);
    if (pending) return pending.doc ?? undefined;
    return this.#versions.visible(this.ns, key, current, this.#since);
  }

  /**
   * The visible versions of `base` (current documents, possibly narrowed by an index), then of the documents
   * changed since the snapshot (an old version may match where the current one does not) and of the
   * transaction's own new documents: each document once.
   */
  *#visible(base: Iterable<Document>): IterableIterator<Document> {
    const seen = new Set<string>();
    for (const doc of base) {
      const key = indexKey(doc._id);
      seen.add(key);
      const visible = this.#resolve(key, doc);
      if (visible) yield visible;
    }
    for (const key of [...this.#versions.changedIds(this.ns, this.#since)]) {
      if (seen.has(key)) continue;
      seen.add(key);
      const visible = this.#resolve(key, this.#collection?.getByKey(key));
      if (visible) yield visible;
    }
    for (const [key, pending] of [...this.#writes.docs]) {
      if (seen.has(key) || !pending.doc) continue;
      seen.add(key);
      yield pending.doc;
    }
  }

  /** E11000 when another document of this view holds one of `doc`'s keys in a unique index. */
  #checkUnique(key: string, doc: Document): void {
    const collection = this.#collection;
    if (!collection) return;
    for (const spec of collection.indexSpecs()) {
      const index = collection.index(spec.name);
      if (!index?.unique) continue;
      for (const entry of index.keysOf(doc)) {
        const holders = new Set(index.lookup(entry.values) ?? []);
        for (const id of this.#versions.changedIds(this.ns, this.#since)) holders.add(id);
        for (const id of this.#writes.docs.keys()) holders.add(id);
        for (const holder of holders) {
          if (holder === key) continue;
          const other = this.#resolve(holder, collection.getByKey(holder));
          if (other && index.keysOf(other).some((each) => each.key === entry.key)) {
            throw index.duplicateKeyError(this.ns, entry.values);
          }
        }
      }
    }
  }
}
