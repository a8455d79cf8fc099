import { BSON, MongoBulkWriteError, MongoServerError, type Db, type Document } from "mongodb";
import { describe, expect, it } from "vitest";
import { aggregateCases } from "./conformance/aggregate.cases.ts";
import { COLLECTION, Matcher, type ConformanceCase, type ExpectedError } from "./conformance/case.ts";
import { collationCases } from "./conformance/collation.cases.ts";
import { deleteCases } from "./conformance/delete.cases.ts";
import { findAndModifyCases } from "./conformance/find-and-modify.cases.ts";
import { findCases } from "./conformance/find.cases.ts";
import { insertCases } from "./conformance/insert.cases.ts";
import { knownGaps } from "./conformance/known-gaps.ts";
import { uniqueIndexCases } from "./conformance/unique-indexes.cases.ts";
import { updateCases } from "./conformance/update.cases.ts";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

/**
 * The CRUD conformance suite: every case of `conformance/*.cases.ts` becomes one test that seeds a fresh
 * database, runs one operation through the official driver over TCP, and checks the result (or error) and the
 * collections afterwards against what MongoDB 7.0 does. Known gaps run with `it.fails`, so one that starts
 * passing fails the suite and gets moved back to its area.
 */

const { EJSON } = BSON;
const mongo = useEmbeddedMongo();

const areas: Record<string, ConformanceCase[]> = {
  insert: insertCases,
  find: findCases,
  update: updateCases,
  delete: deleteCases,
  "find and modify": findAndModifyCases,
  aggregate: aggregateCases,
  "unique indexes": uniqueIndexCases,
  collation: collationCases,
};

for (const [area, cases] of Object.entries(areas)) {
  describe(area, () => {
    for (const testCase of cases) it(testCase.description, () => runCase(testCase));
  });
}

describe("known gaps", () => {
  for (const gap of knownGaps) {
    it.fails(`${gap.area}: ${gap.description} (known gap: ${gap.reason})`, () => runCase(gap));
  }
});

it("has no two cases with the same description", () => {
  const names = [...Object.values(areas).flat(), ...knownGaps].map((c) => c.description);
  expect(names.filter((name, i) => names.indexOf(name) !== i)).toEqual([]);
});

async function runCase(testCase: ConformanceCase): Promise<void> {
  const db = mongo.db("conformance");
  try {
    await seed(db, testCase);
    let result: unknown;
    let failure: unknown;
    try {
      result = await execute(db, testCase);
    } catch (error) {
      failure = error;
    }
    if (testCase.error) {
      expect(failure, "the operation should fail").toBeDefined();
      expectError(failure, testCase.error);
    } else {
      if (failure !== undefined) throw failure;
      if ("expected" in testCase) expectBsonEqual(result, testCase.expected, "result");
    }
    if (testCase.outcome) expectBsonEqual(await contents(db, COLLECTION), testCase.outcome, "outcome");
    for (const [name, docs] of Object.entries(testCase.otherOutcome ?? {})) {
      expectBsonEqual(await contents(db, name), docs, `outcome of ${name}`);
    }
    if (testCase.indexNamesAfter) {
      const indexes = await db.collection(COLLECTION).listIndexes().toArray();
      expect(indexes.map((index) => index.name as string)).toEqual(testCase.indexNamesAfter);
    }
  } finally {
    await db.dropDatabase();
  }
}

async function seed(db: Db, testCase: ConformanceCase): Promise<void> {
  const collections: [string, Document[] | undefined][] = [
    [COLLECTION, testCase.data],
    ...Object.entries(testCase.otherData ?? {}),
  ];
  for (const [name, docs] of collections) {
    if (docs === undefined) continue;
    if (docs.length > 0) await db.collection(name).insertMany(structuredCopy(docs));
    else await db.createCollection(name);
  }
  for (const index of testCase.indexes ?? []) {
    await db.collection(COLLECTION).createIndex(index.key, index.options ?? {});
  }
}

/**
 * A deep copy of plain objects, arrays and dates (BSON value classes are immutable and shared), so nothing
 * the driver adds to a case's documents (a generated `_id`) leaks into the case or between runs.
 */
function structuredCopy<T>(value: T): T {
  if (Array.isArray(value)) return value.map(structuredCopy) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (!isPlainObject(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, structuredCopy(v)])) as T;
}

async function contents(db: Db, name: string): Promise<Document[]> {
  return db
    .collection(name)
    .find({}, { sort: { _id: 1 } })
    .toArray();
}

/** Runs the case's operation and returns its result in the normalised form {@link ConformanceCase} describes. */
async function execute(db: Db, testCase: ConformanceCase): Promise<unknown> {
  const op = structuredCopy(testCase.operation);
  const coll = db.collection(COLLECTION);
  switch (op.name) {
    case "insertOne": {
      const { insertedId } = await coll.insertOne(op.document, op.options);
      return { insertedId };
    }
    case "insertMany": {
      const { insertedCount, insertedIds } = await coll.insertMany(op.documents, op.options);
      return { insertedCount, insertedIds };
    }
    case "find":
      return coll.find(op.filter, op.options).toArray();
    case "updateOne":
    case "updateMany":
    case "replaceOne": {
      const outcome =
        op.name === "replaceOne"
          ? await coll.replaceOne(op.filter, op.replacement, op.options)
          : await coll[op.name](op.filter, op.update, op.options);
      const { matchedCount, modifiedCount, upsertedCount, upsertedId } = outcome;
      return { matchedCount, modifiedCount, upsertedCount, upsertedId };
    }
    case "deleteOne":
    case "deleteMany": {
      const { deletedCount } = await coll[op.name](op.filter, op.options);
      return { deletedCount };
    }
    case "findOneAndUpdate":
      return coll.findOneAndUpdate(op.filter, op.update, op.options ?? {});
    case "findOneAndReplace":
      return coll.findOneAndReplace(op.filter, op.replacement, op.options ?? {});
    case "findOneAndDelete":
      return coll.findOneAndDelete(op.filter, op.options ?? {});
    case "countDocuments":
      return coll.countDocuments(op.filter, op.options);
    case "estimatedDocumentCount":
      return coll.estimatedDocumentCount();
    case "distinct":
      return coll.distinct(op.key, op.filter ?? {}, op.options ?? {});
    case "aggregate":
      return coll.aggregate(op.pipeline, op.options).toArray();
    case "createIndex":
      return coll.createIndex(op.key, op.options ?? {});
    case "dbAggregate":
      return db.aggregate(op.pipeline, op.options).toArray();
    case "command":
      return db.command(op.command);
  }
}

/** Checks the fields the case gives against the driver's error (a server error or a bulk write error). */
function expectError(error: unknown, expected: ExpectedError): void {
  if (!(error instanceof MongoServerError)) throw error;
  const actual: Document = {
    code: error.code,
    codeName: error.codeName,
    errmsg: error.errmsg ?? error.message,
    keyPattern: error.keyPattern as unknown,
    keyValue: error.keyValue as unknown,
  };
  if (error instanceof MongoBulkWriteError) {
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    actual.writeErrors = writeErrors.map((w) => ({ index: w.index, code: w.code }));
    actual.insertedCount = error.result.insertedCount;
  }
  for (const [field, want] of Object.entries(expected) as [keyof ExpectedError, unknown][]) {
    if (want instanceof RegExp) expect(actual[field], `error ${field}`).toMatch(want);
    else expectBsonEqual(actual[field], want, `error ${field}`);
  }
}

/**
 * BSON-aware equality through canonical Extended JSON (an ObjectId, a Decimal128 or a Date equals only the
 * same value of the same type), with field order checked too: MongoDB keeps documents' field order, and so
 * must the embedded server. {@link Matcher}s in `expected` stand for the actual values they accept.
 */
function expectBsonEqual(actual: unknown, expected: unknown, what: string): void {
  const resolved = resolveMatchers(expected, actual);
  const a = canonical(actual);
  const e = canonical(resolved);
  expect(a, what).toEqual(e);
  expect(JSON.stringify(a), `${what} (field order)`).toBe(JSON.stringify(e));
}

function canonical(value: unknown): unknown {
  return value === undefined ? "<undefined>" : EJSON.serialize(value, { relaxed: false });
}

function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function resolveMatchers(expected: unknown, actual: unknown): unknown {
  if (expected instanceof Matcher) return expected.test(actual) ? actual : `<${expected.description}>`;
  if (Array.isArray(expected)) {
    return expected.map((e, i) => resolveMatchers(e, Array.isArray(actual) ? actual[i] : undefined));
  }
  if (isPlainObject(expected)) {
    const source = isPlainObject(actual) ? actual : {};
    return Object.fromEntries(Object.entries(expected).map(([k, v]) => [k, resolveMatchers(v, source[k])]));
  }
  return expected;
}
