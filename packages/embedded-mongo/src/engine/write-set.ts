import type { Document } from "bson";

/** A transaction's pending write to one document: its new version, or null for a removal. */
export interface PendingWrite {
  /** The document's `_id` as stored (a removal needs it to find the document at commit). */
  readonly id: unknown;
  readonly doc: Document | null;
}

/** The pending writes to one collection, by the index key of `_id`, in the order they were first made. */
export interface NamespaceWrites {
  readonly db: string;
  readonly coll: string;
  readonly docs: Map<string, PendingWrite>;
}

/** What a transaction has written and not committed: the latest version of each document it touched. */
export class WriteSet {
  readonly #namespaces = new Map<string, NamespaceWrites>();

  /** The writes to `db.coll`, created empty on first use. */
  namespace(db: string, coll: string): NamespaceWrites {
    const ns = `${db}.${coll}`;
    let writes = this.#namespaces.get(ns);
    if (!writes) this.#namespaces.set(ns, (writes = { db, coll, docs: new Map() }));
    return writes;
  }

  /** Whether the transaction wrote the document with this key in `ns`. */
  has(ns: string, id: string): boolean {
    return this.#namespaces.get(ns)?.docs.has(id) ?? false;
  }

  /** Every namespace with at least one write. */
  *namespaces(): IterableIterator<NamespaceWrites> {
    for (const writes of this.#namespaces.values()) if (writes.docs.size > 0) yield writes;
  }

  /** How many documents the transaction wrote. */
  get size(): number {
    let n = 0;
    for (const writes of this.#namespaces.values()) n += writes.docs.size;
    return n;
  }
}
