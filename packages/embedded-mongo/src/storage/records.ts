import type { Document } from "bson";

/** The definition of an index as `createIndexes` receives it and `listIndexes` returns it. */
export interface IndexSpec {
  name: string;
  key: Record<string, 1 | -1 | string>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Document;
  expireAfterSeconds?: number;
  /** The index's collation, complete as MongoDB reports it; absent for the simple (binary) collation. */
  collation?: Document;
}

/**
 * One change to the server's state, as the journal stores it. Records are physical (the document as it is
 * after the write, or the `_id` that went away), so replaying them is deterministic and needs no query engine.
 * A snapshot is the same kind of records describing the whole state, so one replay path serves both.
 */
export type StorageRecord =
  | { op: "createCollection"; db: string; coll: string; options?: Document }
  | { op: "setOptions"; db: string; coll: string; options: Document }
  | { op: "dropCollection"; db: string; coll: string }
  | { op: "dropDatabase"; db: string }
  | { op: "createIndex"; db: string; coll: string; spec: IndexSpec }
  | { op: "dropIndex"; db: string; coll: string; name: string }
  /** `doc` is the document, or its BSON (what collections store and snapshots and recovery carry). */
  | { op: "put"; db: string; coll: string; doc: Document | Uint8Array }
  | { op: "delete"; db: string; coll: string; id: unknown }
  /** A committed multi-document transaction: its changes, all or none (one journal frame). */
  | { op: "transaction"; db: string; records: StorageRecord[] };
