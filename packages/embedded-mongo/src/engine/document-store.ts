import type { Document } from "bson";
import type { FieldPicker } from "./bson-fields.ts";

/**
 * How a {@link Collection} keeps its documents, by the canonical key of their `_id` (see `indexKey`), in
 * natural (insertion) order. Reads hand out fresh decoded copies, so nothing a caller does to a document it got
 * changes the stored one, and a reader holding a document (an open cursor) keeps a consistent version of it
 * whatever is written after. Indexes live beside the store and know documents only by their `_id` key.
 */
export interface DocumentStore {
  readonly size: number;
  has(id: string): boolean;
  /** A decoded copy of the document with this `_id` key. */
  get(id: string): Document | undefined;
  /** The document's BSON; the bytes never change (do not write to them), later writes store new bytes. */
  bytes(id: string): Uint8Array | undefined;
  /**
   * Stores a document (an object or its BSON) under its `_id` key: a new one goes last in natural order, a
   * replacement keeps its place. Returns the BSON stored, which never changes afterwards.
   */
  put(id: string, doc: Document | Uint8Array): Uint8Array;
  delete(id: string): boolean;
  /** Every document decoded one at a time, in natural order, with its `_id` key. */
  entries(): IterableIterator<[string, Document]>;
  /** Every document decoded one at a time, in natural order. */
  values(): IterableIterator<Document>;
  /** Every document's BSON, in natural order (for snapshots: no decoding). */
  rawValues(): IterableIterator<Uint8Array>;
  /** The documents with these `_id` keys, each once, in natural order; unknown keys are skipped. */
  byIds(ids: Iterable<string>): Document[];
  /**
   * The documents among `ids` (every one when undefined), in natural order, that pass `test`, each decoded
   * whole; `test` sees only the fields `picker` picks when there is one (what a filter reads), so documents
   * that fail it are never decoded whole. Calls `examined` once per document tested.
   */
  matching(
    ids: Iterable<string> | undefined,
    picker: FieldPicker | undefined,
    test: (doc: Document) => boolean,
    examined: () => void,
  ): IterableIterator<Document>;
}
