import { BSON, type Decimal128, type Document, type Long } from "bson";
import type { Collation } from "./collation.ts";
import type { DocumentSource } from "./document-source.ts";
import { MongoCommandError } from "./errors.ts";
import { findDocuments } from "./find.ts";
import { compileFilter } from "./mingo.ts";
import { valuesEqual } from "./bson-order.ts";
import { checkArrayFilters } from "./array-filters.ts";
import { ensureId } from "./ensure-id.ts";
import { applyUpdate } from "./update-apply.ts";
import { updateKind } from "./update-kind.ts";
import { upsertSeed } from "./upsert-seed.ts";
import { checkValidation } from "./validation.ts";
import { MAX_BSON_OBJECT_SIZE } from "../wire/protocol.ts";
import { receivedSizes } from "../wire/messages.ts";

/** Refuses a document over 16 MiB with MongoDB's error for inserts. */
export function checkInsertSize(doc: Document): void {
  const size = receivedSizes.get(doc) ?? BSON.calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError(
      "BadValue",
      `object to insert too large. size in bytes: ${size}, max size: ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
}

function checkUpdatedSize(doc: Document): void {
  const size = BSON.calculateObjectSize(doc);
  if (size > MAX_BSON_OBJECT_SIZE) {
    throw new MongoCommandError(
      "BSONObjectTooLarge",
      `Resulting document after update is larger than ${MAX_BSON_OBJECT_SIZE}`,
    );
  }
}

/**
 * Inserts one document (its `_id` generated when missing), checked against the collection's validator unless
 * `bypassValidation`; returns the stored document.
 */
export function insertDocument(
  collection: DocumentSource,
  doc: Document,
  bypassValidation = false,
): Document {
  checkInsertSize(doc);
  const stored = ensureId(doc);
  checkValidation(collection, stored, undefined, bypassValidation);
  collection.insert(stored);
  return stored;
}

/** One update statement, as the `update` command and findAndModify describe it. */
export interface UpdateStatement {
  q: Document;
  u: Document | Document[];
  upsert?: boolean | undefined;
  multi?: boolean | undefined;
  arrayFilters?: Document[] | undefined;
  sort?: Document | undefined;
  variables?: Document | undefined;
  /** `bypassDocumentValidation`: skip the collection's validator. */
  bypassValidation?: boolean | undefined;
  /** The collation the filter, sort and update operators compare strings under; undefined for binary. */
  collation?: Collation | undefined;
}

/** What one update statement did. */
export interface UpdateOutcome {
  matched: number;
  modified: number;
  upsertedId?: unknown;
  /** The document before and after, for the last document touched (findAndModify needs them). */
  before?: Document | undefined;
  after?: Document | undefined;
}

/**
 * Runs one update statement: each matching document is rebuilt from a copy and replaced atomically (all
 * unique indexes checked first); with `upsert` and no match, the document is built from the filter's
 * equalities. A multi-update stops at the first failing document, as MongoDB's does.
 */
export function updateDocuments(collection: DocumentSource, statement: UpdateStatement): UpdateOutcome {
  const kind = updateKind(statement.u);
  if (kind === "operators" && statement.arrayFilters) {
    checkArrayFilters(statement.u as Document, statement.arrayFilters);
  }
  if (statement.multi && kind === "replacement") {
    throw new MongoCommandError(
      "FailedToParse",
      "multi update is not supported for replacement-style update",
    );
  }
  const targets = findDocuments(collection, {
    filter: statement.q,
    sort: statement.sort,
    limit: statement.multi ? 0 : 1,
    variables: statement.variables,
    collation: statement.collation,
  });
  const options = {
    kind,
    query: statement.q,
    arrayFilters: statement.arrayFilters,
    variables: statement.variables,
    inserting: false,
    collation: statement.collation,
  };
  if (targets.length === 0) {
    if (!statement.upsert) return { matched: 0, modified: 0 };
    const seed = upsertSeed(statement.q);
    const built = ensureId(applyUpdate(seed, statement.u, { ...options, inserting: true }));
    checkUpdatedSize(built);
    checkValidation(collection, built, undefined, statement.bypassValidation ?? false);
    collection.insert(built);
    return { matched: 0, modified: 0, upsertedId: built._id, after: built };
  }
  let modified = 0;
  let before: Document | undefined;
  let after: Document | undefined;
  for (const current of targets) {
    const next = applyUpdate(current, statement.u, options);
    before = current;
    after = next;
    if (sameDocument(current, next)) continue;
    checkUpdatedSize(next);
    checkValidation(collection, next, current, statement.bypassValidation ?? false);
    collection.replace(next);
    modified++;
  }
  return { matched: targets.length, modified, before, after };
}

/** Deletes the documents matching `filter` (at most one when `limit` is 1); returns how many. */
export function deleteDocuments(
  collection: DocumentSource | undefined,
  filter: Document,
  limit: number,
  variables?: Document,
  collation?: Collation,
): number {
  if (!collection) return 0;
  compileFilter(filter, variables, collation); // a malformed filter fails before anything is deleted
  const targets = findDocuments(collection, { filter, limit, variables, collation });
  for (const doc of targets) collection.remove(doc._id);
  return targets.length;
}

/** Same fields in the same order with the same values: an update that changed nothing is not "modified". */
function sameDocument(a: Document, b: Document): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i] as string;
    if (key !== kb[i]) return false;
    if (!deepSame(a[key], b[key])) return false;
  }
  return true;
}

function deepSame(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => deepSame(v, b[i]))
    );
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const pa = Object.getPrototypeOf(a) as unknown;
    if (pa === Object.prototype || pa === null) {
      return Object.getPrototypeOf(b) === pa && sameDocument(a as Document, b as Document);
    }
  }
  // Scalars and BSON values: the same type and value (1 and 1.0 are the same stored number), as MongoDB's
  // no-op check compares them. Numbers held in objects compare exactly (by value, as doubles, a 34-digit
  // Decimal128 or a Long past 2^53 could seem unchanged), and a Decimal128 by its bytes: 9.90 replacing 9.9
  // is a change. A Long and a Decimal128 of one value differ.
  const tag = bsonTag(a);
  if (tag !== bsonTag(b)) return false;
  if (tag === "Decimal128") return Buffer.compare((a as Decimal128).bytes, (b as Decimal128).bytes) === 0;
  if (tag === "Long") return (a as Long).equals(b as Long);
  return typeof a === typeof b && valuesEqual(a, b);
}

function bsonTag(value: unknown): string | undefined {
  return value !== null && typeof value === "object"
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}
