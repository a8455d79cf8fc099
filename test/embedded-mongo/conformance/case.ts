import type {
  AggregateOptions,
  BulkWriteOptions,
  CountDocumentsOptions,
  CreateIndexesOptions,
  DeleteOptions,
  DistinctOptions,
  Document,
  FindOneAndDeleteOptions,
  FindOneAndReplaceOptions,
  FindOneAndUpdateOptions,
  FindOptions,
  IndexSpecification,
  InsertOneOptions,
  ReplaceOptions,
  UpdateOptions,
} from "mongodb";

/**
 * The shape of one conformance case, in the style of MongoDB's CRUD specification tests (our own cases, not
 * the specification's files): the collections' contents before, one driver operation, what it returns or the
 * error it fails with, and the collections' contents after.
 */

/** The collection every case's operation runs on, unless the operation names another. */
export const COLLECTION = "coll";

/** One index to create before the operation runs. */
export interface IndexDefinition {
  key: IndexSpecification;
  options?: CreateIndexesOptions;
}

/**
 * One driver call: a `Collection` method and its arguments, as an application would write it; `dbAggregate` is
 * `Db.aggregate` (`aggregate: 1`), and `command` sends a command as written (for what the driver's helpers
 * change before sending, such as a null `_id`).
 */
export type Operation =
  | { name: "insertOne"; document: Document; options?: InsertOneOptions }
  | { name: "insertMany"; documents: Document[]; options?: BulkWriteOptions }
  | { name: "find"; filter: Document; options?: FindOptions }
  | {
      name: "updateOne" | "updateMany";
      filter: Document;
      update: Document | Document[];
      options?: UpdateOptions;
    }
  | { name: "replaceOne"; filter: Document; replacement: Document; options?: ReplaceOptions }
  | { name: "deleteOne" | "deleteMany"; filter: Document; options?: DeleteOptions }
  | {
      name: "findOneAndUpdate";
      filter: Document;
      update: Document | Document[];
      options?: FindOneAndUpdateOptions;
    }
  | { name: "findOneAndReplace"; filter: Document; replacement: Document; options?: FindOneAndReplaceOptions }
  | { name: "findOneAndDelete"; filter: Document; options?: FindOneAndDeleteOptions }
  | { name: "countDocuments"; filter: Document; options?: CountDocumentsOptions }
  | { name: "estimatedDocumentCount" }
  | { name: "distinct"; key: string; filter?: Document; options?: DistinctOptions }
  | { name: "aggregate"; pipeline: Document[]; options?: AggregateOptions }
  | { name: "dbAggregate"; pipeline: Document[]; options?: AggregateOptions }
  | { name: "command"; command: Document }
  | { name: "createIndex"; key: IndexSpecification; options?: CreateIndexesOptions };

/**
 * What a failed operation reports. Only the fields given are checked; `errmsg` may be a pattern.
 * `writeErrors` and `insertedCount` describe a bulk write error (insertMany).
 */
export interface ExpectedError {
  code?: number;
  codeName?: string;
  errmsg?: string | RegExp;
  keyPattern?: Document;
  keyValue?: Document;
  writeErrors?: { index: number; code: number }[];
  insertedCount?: number;
}

/** One conformance case. */
export interface ConformanceCase {
  /** The test's name: a sentence saying what MongoDB does. */
  description: string;
  /** Documents of {@link COLLECTION} before the operation (an empty list creates the collection empty). */
  data?: Document[];
  /** Documents of other collections of the same database, by name. */
  otherData?: Record<string, Document[]>;
  /** Indexes created on {@link COLLECTION} after `data` is inserted. */
  indexes?: IndexDefinition[];
  operation: Operation;
  /**
   * The operation's result, normalised: insertOne `{insertedId}`, insertMany `{insertedCount, insertedIds}`,
   * update/replace `{matchedCount, modifiedCount, upsertedCount, upsertedId}`, delete `{deletedCount}`,
   * reads the documents (or value) returned, createIndex the index name. Omitted: not checked.
   */
  expected?: unknown;
  /** The operation must fail like this (and `expected` is then not given). */
  error?: ExpectedError;
  /** {@link COLLECTION}'s documents afterwards, sorted by `_id`. Omitted: not checked. */
  outcome?: Document[];
  /** Other collections' documents afterwards, sorted by `_id`. */
  otherOutcome?: Record<string, Document[]>;
  /** Names of {@link COLLECTION}'s indexes afterwards, as listIndexes reports them. */
  indexNamesAfter?: string[];
}

/** A case MongoDB passes and the embedded server does not (yet): run with `it.fails` so a fix is noticed. */
export interface KnownGap extends ConformanceCase {
  /** The area the case belongs to (the cases file it would be in). */
  area: string;
  /** Why the embedded server cannot match MongoDB here, in one line. */
  reason: string;
}

/**
 * A placeholder in an expected value for something the case cannot spell out (a generated ObjectId, the
 * current time): it matches any actual value that passes `test`.
 */
export class Matcher {
  readonly description: string;
  readonly test: (actual: unknown) => boolean;

  constructor(description: string, test: (actual: unknown) => boolean) {
    this.description = description;
    this.test = test;
  }
}

function bsonType(value: unknown): string | undefined {
  return value !== null && typeof value === "object"
    ? (value as { _bsontype?: string })._bsontype
    : undefined;
}

/** Any ObjectId (one the server or the driver generated). */
export const anyObjectId = new Matcher("any ObjectId", (actual) => bsonType(actual) === "ObjectId");

/** A date within the last minute: what `$currentDate` and `$$NOW` produce. */
export const recentDate = new Matcher(
  "a date within the last minute",
  (actual) => actual instanceof Date && Math.abs(Date.now() - actual.getTime()) < 60_000,
);

/** Any Timestamp: what `$currentDate: {$type: "timestamp"}` produces. */
export const anyTimestamp = new Matcher("any Timestamp", (actual) => bsonType(actual) === "Timestamp");

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * MongoDB's duplicate-key message for {@link COLLECTION} in the case's (generated) database, e.g.
 * `duplicateKeyMessage("email_1", 'email: "a@x"')`. `anchored: false` allows a prefix (findAndModify and index
 * builds wrap the message).
 */
export function duplicateKeyMessage(index: string, key: string, anchored = true): RegExp {
  const message = `E11000 duplicate key error collection: \\w+\\.${COLLECTION} index: ${escapeRegExp(index)} dup key: \\{ ${escapeRegExp(key)} \\}`;
  return new RegExp(anchored ? `^${message}$` : message);
}

/** The normalised result of updateOne/updateMany/replaceOne that matched (and maybe modified) documents. */
export function updated(matchedCount: number, modifiedCount: number): Record<string, unknown> {
  return { matchedCount, modifiedCount, upsertedCount: 0, upsertedId: null };
}

/** The normalised result of an update that inserted (upserted) a document with this `_id`. */
export function upserted(upsertedId: unknown): Record<string, unknown> {
  return { matchedCount: 0, modifiedCount: 0, upsertedCount: 1, upsertedId };
}
