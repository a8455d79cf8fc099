import { Binary, Decimal128, ObjectId } from "mongodb";
import { anyObjectId, COLLECTION, duplicateKeyMessage, type ConformanceCase } from "./case.ts";

const oid = new ObjectId("650000000000000000000001");
const when = new Date("2024-03-01T12:00:00.000Z");

/** insertOne and insertMany: `_id` generation and types, duplicate keys, ordered and unordered batches. */
export const insertCases: ConformanceCase[] = [
  {
    description: "insertOne stores the driver-generated _id as the first field",
    data: [],
    operation: { name: "insertOne", document: { a: 1, b: "x" } },
    expected: { insertedId: anyObjectId },
    outcome: [{ _id: anyObjectId, a: 1, b: "x" }],
  },
  {
    description: "insertOne with forceServerObjectId has the server generate an ObjectId _id, placed first",
    data: [],
    operation: { name: "insertOne", document: { a: 1, b: "x" }, options: { forceServerObjectId: true } },
    outcome: [{ _id: anyObjectId, a: 1, b: "x" }],
  },
  {
    description: "insertOne moves a custom _id given last to the front of the stored document",
    data: [],
    operation: { name: "insertOne", document: { a: 1, _id: "last" } },
    expected: { insertedId: "last" },
    outcome: [{ _id: "last", a: 1 }],
  },
  {
    description: "insertOne accepts an embedded document as _id and keeps its field order",
    data: [],
    operation: { name: "insertOne", document: { _id: { y: 2, x: 1 }, a: 1 } },
    expected: { insertedId: { y: 2, x: 1 } },
    outcome: [{ _id: { y: 2, x: 1 }, a: 1 }],
  },
  {
    description: "insertOne accepts a Decimal128 _id and returns it with its type",
    data: [],
    operation: { name: "insertOne", document: { _id: Decimal128.fromString("12.50"), a: 1 } },
    expected: { insertedId: Decimal128.fromString("12.50") },
    outcome: [{ _id: Decimal128.fromString("12.50"), a: 1 }],
  },
  {
    description: "insertOne accepts a Date _id",
    data: [],
    operation: { name: "insertOne", document: { _id: when, a: 1 } },
    expected: { insertedId: when },
    outcome: [{ _id: when, a: 1 }],
  },
  {
    description: "insertMany stores _ids of many BSON types, which then sort in MongoDB's type order",
    data: [],
    operation: {
      name: "insertMany",
      documents: [
        { _id: when },
        { _id: true },
        { _id: oid },
        { _id: new Binary(Buffer.from([1, 2, 3])) },
        { _id: { k: 1 } },
        { _id: "s" },
        { _id: Decimal128.fromString("2.5") },
        { _id: 1.5 },
        { _id: 1 },
      ],
    },
    expected: {
      insertedCount: 9,
      insertedIds: {
        0: when,
        1: true,
        2: oid,
        3: new Binary(Buffer.from([1, 2, 3])),
        4: { k: 1 },
        5: "s",
        6: Decimal128.fromString("2.5"),
        7: 1.5,
        8: 1,
      },
    },
    outcome: [
      { _id: 1 },
      { _id: 1.5 },
      { _id: Decimal128.fromString("2.5") },
      { _id: "s" },
      { _id: { k: 1 } },
      { _id: new Binary(Buffer.from([1, 2, 3])) },
      { _id: oid },
      { _id: true },
      { _id: when },
    ],
  },
  {
    description: "insertOne keeps field order and nested BSON types exactly",
    data: [],
    operation: {
      name: "insertOne",
      document: {
        _id: 1,
        z: "last-named first",
        nested: { d: Decimal128.fromString("0.10"), at: when, ref: oid, list: [1, "two", { three: 3 }] },
        a: [[1, 2], []],
      },
    },
    outcome: [
      {
        _id: 1,
        z: "last-named first",
        nested: { d: Decimal128.fromString("0.10"), at: when, ref: oid, list: [1, "two", { three: 3 }] },
        a: [[1, 2], []],
      },
    ],
  },
  {
    description: "insertOne of an empty document stores just a generated _id",
    data: [],
    operation: { name: "insertOne", document: {} },
    outcome: [{ _id: anyObjectId }],
  },
  {
    description: "insertOne with an array _id fails with BadValue and stores nothing",
    data: [{ _id: 1 }],
    operation: { name: "insertOne", document: { _id: [1, 2], a: 1 } },
    error: { code: 2, codeName: "BadValue" },
    outcome: [{ _id: 1 }],
  },
  {
    description: "insertOne with a duplicate integer _id fails with E11000 on the _id_ index",
    data: [{ _id: 1, a: "original" }],
    operation: { name: "insertOne", document: { _id: 1, a: "duplicate" } },
    error: {
      code: 11000,
      keyPattern: { _id: 1 },
      keyValue: { _id: 1 },
      errmsg: duplicateKeyMessage("_id_", "_id: 1"),
    },
    outcome: [{ _id: 1, a: "original" }],
  },
  {
    description: "insertOne with a duplicate string _id reports the key quoted in the message",
    data: [{ _id: "k" }],
    operation: { name: "insertOne", document: { _id: "k", a: 1 } },
    error: {
      code: 11000,
      keyPattern: { _id: 1 },
      keyValue: { _id: "k" },
      errmsg: duplicateKeyMessage("_id_", '_id: "k"'),
    },
    outcome: [{ _id: "k" }],
  },
  {
    description: "insertOne with a duplicate ObjectId _id reports ObjectId('…') in the message",
    data: [{ _id: oid }],
    operation: { name: "insertOne", document: { _id: oid } },
    error: {
      code: 11000,
      keyPattern: { _id: 1 },
      keyValue: { _id: oid },
      errmsg: duplicateKeyMessage("_id_", `_id: ObjectId('${oid.toHexString()}')`),
    },
    outcome: [{ _id: oid }],
  },
  {
    description: "insertOne treats numerically equal _ids of different numeric types as duplicates",
    data: [{ _id: 2 }],
    operation: { name: "insertOne", document: { _id: Decimal128.fromString("2.0") } },
    error: { code: 11000, keyPattern: { _id: 1 } },
    outcome: [{ _id: 2 }],
  },
  {
    description: "insertMany reports insertedCount and the insertedIds by position",
    data: [],
    operation: { name: "insertMany", documents: [{ _id: "a" }, { _id: "b" }, { _id: "c", x: 1 }] },
    expected: { insertedCount: 3, insertedIds: { 0: "a", 1: "b", 2: "c" } },
    outcome: [{ _id: "a" }, { _id: "b" }, { _id: "c", x: 1 }],
  },
  {
    description: "ordered insertMany stops at a duplicate in the middle, reporting its index",
    data: [{ _id: 2, a: "existing" }],
    operation: { name: "insertMany", documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] },
    error: { code: 11000, insertedCount: 1, writeErrors: [{ index: 1, code: 11000 }] },
    outcome: [{ _id: 1 }, { _id: 2, a: "existing" }],
  },
  {
    description: "unordered insertMany inserts every document but the duplicate in the middle",
    data: [{ _id: 2, a: "existing" }],
    operation: {
      name: "insertMany",
      documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }],
      options: { ordered: false },
    },
    error: { code: 11000, insertedCount: 2, writeErrors: [{ index: 1, code: 11000 }] },
    outcome: [{ _id: 1 }, { _id: 2, a: "existing" }, { _id: 3 }],
  },
  {
    description: "unordered insertMany reports every duplicate's index",
    data: [{ _id: 2 }, { _id: 4 }],
    operation: {
      name: "insertMany",
      documents: [{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }, { _id: 5 }],
      options: { ordered: false },
    },
    error: {
      code: 11000,
      insertedCount: 3,
      writeErrors: [
        { index: 1, code: 11000 },
        { index: 3, code: 11000 },
      ],
    },
    outcome: [{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 4 }, { _id: 5 }],
  },
  {
    description: "ordered insertMany rejects a duplicate within the batch itself after inserting the first",
    data: [],
    operation: { name: "insertMany", documents: [{ _id: 7, n: 1 }, { _id: 7, n: 2 }, { _id: 8 }] },
    error: { code: 11000, insertedCount: 1, writeErrors: [{ index: 1, code: 11000 }] },
    outcome: [{ _id: 7, n: 1 }],
  },
  {
    description: "insertMany into a collection that does not exist creates it",
    operation: { name: "insertMany", documents: [{ _id: 1 }, { _id: 2 }] },
    expected: { insertedCount: 2, insertedIds: { 0: 1, 1: 2 } },
    outcome: [{ _id: 1 }, { _id: 2 }],
  },
  {
    description:
      "insertOne accepts dollar-prefixed and dotted field names, top-level and nested (MongoDB 5.0+)",
    data: [],
    operation: { name: "insertOne", document: { _id: 1, $a: 1, "a.b": 2, c: { $d: 3, "e.f": 4, $db: "x" } } },
    expected: { insertedId: 1 },
    outcome: [{ _id: 1, $a: 1, "a.b": 2, c: { $d: 3, "e.f": 4, $db: "x" } }],
  },
  {
    description: "insertOne accepts a dotted field name inside an embedded _id",
    data: [],
    operation: { name: "insertOne", document: { _id: { "a.b": 1 } } },
    expected: { insertedId: { "a.b": 1 } },
    outcome: [{ _id: { "a.b": 1 } }],
  },
  {
    description: "insertOne refuses a dollar-prefixed field inside _id with InvalidIdField",
    data: [],
    operation: { name: "insertOne", document: { _id: { $a: 1 } } },
    error: { code: 53, codeName: "InvalidIdField" },
    outcome: [],
  },
  {
    description: "insert stores a null _id as given, and a second null _id is a duplicate key",
    data: [],
    operation: {
      name: "command",
      command: {
        insert: COLLECTION,
        documents: [
          { _id: null, a: 1 },
          { _id: null, a: 2 },
        ],
      },
    },
    outcome: [{ _id: null, a: 1 }],
  },
];
