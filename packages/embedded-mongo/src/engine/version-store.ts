import type { Document } from "bson";

/**
 * What a collection tells about its changes so that open transactions keep reading their snapshot: before it
 * inserts, replaces or removes a document it hands over the version it is about to lose. This is the whole
 * interface between the collections' storage layout and the transactions; a collection calls
 * {@link VersionKeeper.before} only while {@link VersionKeeper.active} is true (no transaction open, no cost).
 */
export interface VersionKeeper {
  /** Whether an open transaction may need the versions a change replaces. */
  readonly active: boolean;
  /**
   * Called just before the document with index key `id` in `ns` changes, with its current version (undefined
   * when it is being inserted). The document is not mutated afterwards (collections replace, never mutate).
   */
  before(ns: string, id: string, doc: Document | undefined): void;
}

/** One replaced version: what the document was (undefined: absent) until the change stamped `ts`. */
interface Version {
  readonly ts: number;
  readonly doc: Document | undefined;
}

/**
 * Old versions of documents, kept while an open transaction may read them. Every committed change gets a
 * timestamp from a logical clock (a transaction's commit gives all its changes one); a reader opened at time S
 * sees, for each document, the version it had before its first change stamped after S, or its current version
 * when nothing changed after S. Chains hold only changes newer than the oldest open reader's start, and are
 * dropped when the last reader closes.
 */
export class VersionStore implements VersionKeeper {
  #clock = 0;
  #pinned: number | undefined;
  readonly #chains = new Map<string, Map<string, Version[]>>();
  readonly #readers = new Map<object, number>();
  readonly #listeners: ((ns: string, id: string) => void)[] = [];

  get active(): boolean {
    return this.#readers.size > 0;
  }

  /** The clock: the timestamp of the last committed change. */
  get now(): number {
    return this.#clock;
  }

  /** Calls `listener` for every change made while a reader is open (a transaction checks its write set). */
  onChange(listener: (ns: string, id: string) => void): void {
    this.#listeners.push(listener);
  }

  before(ns: string, id: string, doc: Document | undefined): void {
    const ts = this.#pinned ?? ++this.#clock;
    let chains = this.#chains.get(ns);
    if (!chains) this.#chains.set(ns, (chains = new Map()));
    const chain = chains.get(id);
    if (chain) chain.push({ ts, doc });
    else chains.set(id, [{ ts, doc }]);
    for (const listener of this.#listeners) listener(ns, id);
  }

  /** Runs `apply` with every change in it stamped with one new timestamp (a transaction's commit). */
  atOnce<T>(apply: () => T): T {
    if (this.#pinned !== undefined) return apply();
    this.#pinned = ++this.#clock;
    try {
      return apply();
    } finally {
      this.#pinned = undefined;
    }
  }

  /** Opens a reader (a transaction) at the current time and returns its snapshot time. */
  open(reader: object): number {
    this.#readers.set(reader, this.#clock);
    return this.#clock;
  }

  /** Closes a reader and forgets the versions no open reader needs. */
  close(reader: object): void {
    if (!this.#readers.delete(reader)) return;
    if (this.#readers.size === 0) {
      this.#chains.clear();
      return;
    }
    const oldest = Math.min(...this.#readers.values());
    for (const [ns, chains] of this.#chains) {
      for (const [id, chain] of chains) {
        const keep = chain.filter((version) => version.ts > oldest);
        if (keep.length === 0) chains.delete(id);
        else if (keep.length < chain.length) chains.set(id, keep);
      }
      if (chains.size === 0) this.#chains.delete(ns);
    }
  }

  /** The version of a document a reader opened at `since` sees, given its `current` one. */
  visible(ns: string, id: string, current: Document | undefined, since: number): Document | undefined {
    const chain = this.#chains.get(ns)?.get(id);
    if (!chain) return current;
    for (const version of chain) if (version.ts > since) return version.doc;
    return current;
  }

  /** Whether the document changed after `since` (a write by a reader opened then is a write conflict). */
  changedSince(ns: string, id: string, since: number): boolean {
    const chain = this.#chains.get(ns)?.get(id);
    return chain !== undefined && chain.some((version) => version.ts > since);
  }

  /** Index keys of the documents of `ns` that changed after `since`. */
  *changedIds(ns: string, since: number): IterableIterator<string> {
    const chains = this.#chains.get(ns);
    if (!chains) return;
    for (const [id, chain] of chains) if (chain.some((version) => version.ts > since)) yield id;
  }

  /** Documents with kept versions, for tests of the pruning. */
  get size(): number {
    let n = 0;
    for (const chains of this.#chains.values()) n += chains.size;
    return n;
  }
}
