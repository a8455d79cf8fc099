import type { Document } from "bson";
import type { Collation } from "./collation.ts";
import type { Candidates, Scan } from "./collection.ts";

/**
 * What reads and writes need of a collection: a {@link Collection} itself, or a transaction's view of one
 * (its snapshot plus its own uncommitted writes). Documents handed out are never mutated by their owner.
 */
export interface DocumentSource {
  readonly ns: string;
  /** The collection's options (its validator among them). */
  readonly options: Document;
  /** How many documents the source holds. */
  readonly count: number;
  /** Every document, in natural order. */
  all(): Iterable<Document>;
  /** The document with this `_id`, if any. */
  get(id: unknown): Document | undefined;
  /**
   * The documents that may match `filter` under `collation` (a superset; the caller tests each). An index
   * answers string conditions only when it has the same collation.
   */
  candidates(filter: Document, collation?: Collation): Candidates;
  /**
   * The documents among the candidates for `filter` under `collation` that pass `test`, lazily, counting those
   * tested; `test` must be the filter compiled under that same collation.
   */
  scan(filter: Document, test: (doc: Document) => boolean, collation?: Collation): Scan;
  /** Counts documents examined, for the server's statistics. */
  examined(docs: number): void;
  /** Inserts a document that has its `_id`; E11000 on a duplicate key. */
  insert(doc: Document): void;
  /** Replaces the document with the same `_id`. */
  replace(next: Document): void;
  /** Removes the document with this `_id`; whether there was one. */
  remove(id: unknown): boolean;
}
