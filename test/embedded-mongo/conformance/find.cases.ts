import { Binary, Decimal128, MaxKey, MinKey, ObjectId, Timestamp } from "mongodb";
import type { ConformanceCase } from "./case.ts";

const id1 = new ObjectId("650000000000000000000001");
const id2 = new ObjectId("650000000000000000000002");
const id3 = new ObjectId("650000000000000000000003");
const jan = new Date("2024-01-15T00:00:00.000Z");
const feb = new Date("2024-02-15T00:00:00.000Z");
const mar = new Date("2024-03-15T00:00:00.000Z");

/** Documents with a field `a` that is null, missing, or holds other values. */
const nullish = [{ _id: 1, a: null }, { _id: 2 }, { _id: 3, a: 0 }, { _id: 4, a: "" }, { _id: 5, a: false }];

/** Documents whose `v` holds one value of each of several BSON types. */
const typed = [
  { _id: 1, v: id1 },
  { _id: 2, v: Decimal128.fromString("9.99") },
  { _id: 3, v: jan },
  { _id: 4, v: [1, 2] },
  { _id: 5, v: "text" },
  { _id: 6, v: 7 },
  { _id: 7, v: 7.5 },
  { _id: 8, v: { nested: true } },
  { _id: 9, v: ["text", 3] },
];

/** Orders with an array of line items. */
const orders = [
  {
    _id: 1,
    items: [
      { sku: "a", qty: 1 },
      { sku: "b", qty: 5 },
    ],
  },
  { _id: 2, items: [{ sku: "c", qty: 2 }] },
  { _id: 3, items: [] },
  { _id: 4, items: { sku: "b", qty: 9 } },
];

const students = [
  {
    _id: 1,
    name: "ana",
    grades: [80, 85, 90],
    scores: [
      { subject: "math", score: 70 },
      { subject: "art", score: 95 },
    ],
  },
  {
    _id: 2,
    name: "beto",
    grades: [88, 90, 92],
    scores: [
      { subject: "math", score: 90 },
      { subject: "art", score: 60 },
    ],
  },
  { _id: 3, name: "cora", grades: [70, 75], scores: [] },
];

/** Reads: filters, projections, sort, skip and limit, counts and distinct. */
export const findCases: ConformanceCase[] = [
  // --- filters -------------------------------------------------------------------------------------------
  {
    description: "find with an empty filter returns every document in insertion order",
    data: [{ _id: 3 }, { _id: 1 }, { _id: 2 }],
    operation: { name: "find", filter: {} },
    expected: [{ _id: 3 }, { _id: 1 }, { _id: 2 }],
  },
  {
    description: "find on a collection that does not exist returns no documents",
    operation: { name: "find", filter: {} },
    expected: [],
  },
  {
    description: "find with {a: null} matches documents where a is null or missing",
    data: nullish,
    operation: { name: "find", filter: { a: null } },
    expected: [{ _id: 1, a: null }, { _id: 2 }],
  },
  {
    description: "find with {a: {$exists: true}} matches documents where a is null too",
    data: nullish,
    operation: { name: "find", filter: { a: { $exists: true } }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }, { _id: 3 }, { _id: 4 }, { _id: 5 }],
  },
  {
    description: "find with a dotted null condition matches a null or missing embedded field",
    data: [{ _id: 1, a: { b: null } }, { _id: 2, a: { c: 1 } }, { _id: 3, a: { b: 1 } }, { _id: 4 }],
    operation: { name: "find", filter: { "a.b": null }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }, { _id: 2 }, { _id: 4 }],
  },
  {
    description: "find with {a: {$exists: false}} matches only documents missing a",
    data: nullish,
    operation: { name: "find", filter: { a: { $exists: false } } },
    expected: [{ _id: 2 }],
  },
  {
    description: "find with {a: {$ne: null}} excludes both null and missing",
    data: nullish,
    operation: { name: "find", filter: { a: { $ne: null } } },
    expected: [
      { _id: 3, a: 0 },
      { _id: 4, a: "" },
      { _id: 5, a: false },
    ],
  },
  {
    description: "find with $ne matches documents missing the field",
    data: nullish,
    operation: { name: "find", filter: { a: { $ne: 0 } } },
    expected: [{ _id: 1, a: null }, { _id: 2 }, { _id: 4, a: "" }, { _id: 5, a: false }],
  },
  {
    description: "find with $nin matches documents missing the field",
    data: nullish,
    operation: { name: "find", filter: { a: { $nin: [0, ""] } } },
    expected: [{ _id: 1, a: null }, { _id: 2 }, { _id: 5, a: false }],
  },
  {
    description: "find with $in including null matches null and missing fields",
    data: nullish,
    operation: { name: "find", filter: { a: { $in: [null, 0] } }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }, { _id: 2 }, { _id: 3 }],
  },
  {
    description: 'find with $type "null" matches explicit nulls but not missing fields',
    data: nullish,
    operation: { name: "find", filter: { a: { $type: "null" } }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }],
  },
  {
    description: 'find with $type "objectId" matches ObjectId values',
    data: typed,
    operation: { name: "find", filter: { v: { $type: "objectId" } } },
    expected: [{ _id: 1, v: id1 }],
  },
  {
    description: 'find with $type "decimal" matches Decimal128 values',
    data: typed,
    operation: { name: "find", filter: { v: { $type: "decimal" } } },
    expected: [{ _id: 2, v: Decimal128.fromString("9.99") }],
  },
  {
    description: 'find with $type "date" matches Date values',
    data: typed,
    operation: { name: "find", filter: { v: { $type: "date" } } },
    expected: [{ _id: 3, v: jan }],
  },
  {
    description: 'find with $type "array" matches fields holding arrays',
    data: typed,
    operation: { name: "find", filter: { v: { $type: "array" } } },
    expected: [
      { _id: 4, v: [1, 2] },
      { _id: 9, v: ["text", 3] },
    ],
  },
  {
    description: 'find with $type "string" also matches arrays holding a string',
    data: typed,
    operation: { name: "find", filter: { v: { $type: "string" } } },
    expected: [
      { _id: 5, v: "text" },
      { _id: 9, v: ["text", 3] },
    ],
  },
  {
    description: 'find with $type "number" matches ints, doubles and decimals, inside arrays too',
    data: typed,
    operation: { name: "find", filter: { v: { $type: "number" } } },
    expected: [
      { _id: 2, v: Decimal128.fromString("9.99") },
      { _id: 4, v: [1, 2] },
      { _id: 6, v: 7 },
      { _id: 7, v: 7.5 },
      { _id: 9, v: ["text", 3] },
    ],
  },
  {
    description: "find with a list of $type aliases matches any of them",
    data: typed,
    operation: { name: "find", filter: { v: { $type: ["object", "date"] } } },
    expected: [
      { _id: 3, v: jan },
      { _id: 8, v: { nested: true } },
    ],
  },
  {
    description: "find with $type by BSON type number 7 matches ObjectIds",
    data: typed,
    operation: { name: "find", filter: { v: { $type: 7 } } },
    expected: [{ _id: 1, v: id1 }],
  },
  {
    description: "find with a scalar value matches arrays containing it",
    data: [
      { _id: 1, tags: ["red", "blue"] },
      { _id: 2, tags: ["green"] },
      { _id: 3, tags: "blue" },
    ],
    operation: { name: "find", filter: { tags: "blue" } },
    expected: [
      { _id: 1, tags: ["red", "blue"] },
      { _id: 3, tags: "blue" },
    ],
  },
  {
    description: "find with an array value matches the whole array exactly, in order",
    data: [
      { _id: 1, tags: ["red", "blue"] },
      { _id: 2, tags: ["blue", "red"] },
      { _id: 3, tags: [["red", "blue"]] },
    ],
    operation: { name: "find", filter: { tags: ["red", "blue"] } },
    expected: [
      { _id: 1, tags: ["red", "blue"] },
      { _id: 3, tags: [["red", "blue"]] },
    ],
  },
  {
    description: "find with a dotted path reaches into arrays of embedded documents",
    data: orders,
    operation: { name: "find", filter: { "items.sku": "b" }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }, { _id: 4 }],
  },
  {
    description: "find with a dotted path and a numeric index addresses one array element",
    data: orders,
    operation: { name: "find", filter: { "items.0.sku": "a" }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }],
  },
  {
    description: "find with range conditions on a dotted array path lets different elements satisfy each",
    data: orders,
    operation: {
      name: "find",
      filter: { "items.qty": { $gt: 1, $lt: 5 } },
      options: { projection: { _id: 1 } },
    },
    expected: [{ _id: 1 }, { _id: 2 }],
  },
  {
    description: "find with a range on a numeric array field matches when some elements satisfy each bound",
    data: [
      { _id: 1, n: [1, 10] },
      { _id: 2, n: [5] },
      { _id: 3, n: [0] },
    ],
    operation: { name: "find", filter: { n: { $gt: 3, $lt: 6 } } },
    expected: [
      { _id: 1, n: [1, 10] },
      { _id: 2, n: [5] },
    ],
  },
  {
    description: "find with $elemMatch requires one array element to satisfy every condition",
    data: orders,
    operation: {
      name: "find",
      filter: { items: { $elemMatch: { sku: "b", qty: { $gte: 5 } } } },
      options: { projection: { _id: 1 } },
    },
    expected: [{ _id: 1 }],
  },
  {
    description: "find with $size matches arrays of exactly that length",
    data: orders,
    operation: { name: "find", filter: { items: { $size: 0 } }, options: { projection: { _id: 1 } } },
    expected: [{ _id: 3 }],
  },
  {
    description: "find with $all matches arrays containing every listed value",
    data: [
      { _id: 1, tags: ["a", "b", "c"] },
      { _id: 2, tags: ["a", "c"] },
      { _id: 3, tags: ["b", "a"] },
    ],
    operation: { name: "find", filter: { tags: { $all: ["a", "b"] } } },
    expected: [
      { _id: 1, tags: ["a", "b", "c"] },
      { _id: 3, tags: ["b", "a"] },
    ],
  },
  {
    description: "find with a regex matches strings and arrays of strings",
    data: [
      { _id: 1, name: "Alpaca" },
      { _id: 2, name: "llama" },
      { _id: 3, name: ["vicuña", "alpine"] },
      { _id: 4, name: 42 },
    ],
    operation: { name: "find", filter: { name: /^al/i } },
    expected: [
      { _id: 1, name: "Alpaca" },
      { _id: 3, name: ["vicuña", "alpine"] },
    ],
  },
  {
    description: "find with $regex and $options matches like a regex literal",
    data: [
      { _id: 1, name: "Alpaca" },
      { _id: 2, name: "llama" },
    ],
    operation: { name: "find", filter: { name: { $regex: "AMA$", $options: "i" } } },
    expected: [{ _id: 2, name: "llama" }],
  },
  {
    description: "find with $not and a regex matches non-matching strings and missing fields",
    data: [{ _id: 1, name: "Alpaca" }, { _id: 2, name: "llama" }, { _id: 3 }],
    operation: { name: "find", filter: { name: { $not: /^A/ } } },
    expected: [{ _id: 2, name: "llama" }, { _id: 3 }],
  },
  {
    description: "find with $in and a regex in the list matches either",
    data: [
      { _id: 1, code: "PE-01" },
      { _id: 2, code: "BO-02" },
      { _id: 3, code: "CL-03" },
    ],
    operation: { name: "find", filter: { code: { $in: [/^PE/, "CL-03"] } } },
    expected: [
      { _id: 1, code: "PE-01" },
      { _id: 3, code: "CL-03" },
    ],
  },
  {
    description: "find with $in over ObjectIds matches equal ObjectIds",
    data: [
      { _id: id1, n: 1 },
      { _id: id2, n: 2 },
      { _id: id3, n: 3 },
    ],
    operation: {
      name: "find",
      filter: { _id: { $in: [new ObjectId(id3.toHexString()), new ObjectId(id1.toHexString())] } },
    },
    expected: [
      { _id: id1, n: 1 },
      { _id: id3, n: 3 },
    ],
  },
  {
    description:
      "find with $in of 2,000 values matches array elements, numbers of any BSON type, dates, documents and null",
    data: [
      { _id: 1, v: ["x", "y"] },
      { _id: 2, v: Decimal128.fromString("5.0") },
      { _id: 3, v: jan },
      { _id: 4, v: feb },
      { _id: 5, v: { k: 1 } },
      { _id: 6 },
      { _id: 7, v: "code-1999" },
      { _id: 8, v: "code-2000" },
      { _id: 9, v: [{ w: "y" }] },
    ],
    operation: {
      name: "find",
      filter: {
        v: { $in: [...Array.from({ length: 1995 }, (_, i) => `code-${i + 5}`), "y", 5, jan, { k: 1 }, null] },
      },
      options: { projection: { _id: 1 } },
    },
    expected: [{ _id: 1 }, { _id: 2 }, { _id: 3 }, { _id: 5 }, { _id: 6 }, { _id: 7 }],
  },
  {
    description: "find with $nin of 2,000 values keeps documents none of whose values is listed",
    data: [
      { _id: 1, v: ["x", "code-7"] },
      { _id: 2, v: 7 },
      { _id: 3, v: 7.5 },
      { _id: 4 },
      { _id: 5, v: "code-2000" },
    ],
    operation: {
      name: "find",
      filter: { v: { $nin: [...Array.from({ length: 1999 }, (_, i) => `code-${i}`), 7] } },
      options: { projection: { _id: 1 } },
    },
    expected: [{ _id: 3 }, { _id: 4 }, { _id: 5 }],
  },
  {
    description: "find by an ObjectId reference field matches an equal ObjectId",
    data: [
      { _id: 1, owner: id1 },
      { _id: 2, owner: id2 },
    ],
    operation: { name: "find", filter: { owner: new ObjectId(id2.toHexString()) } },
    expected: [{ _id: 2, owner: id2 }],
  },
  {
    description: "find compares numbers across int, double and Decimal128",
    data: [
      { _id: 1, n: 1 },
      { _id: 2, n: 2.5 },
      { _id: 3, n: Decimal128.fromString("3") },
      { _id: 4, n: "4" },
    ],
    operation: { name: "find", filter: { n: { $gt: 2 } } },
    expected: [
      { _id: 2, n: 2.5 },
      { _id: 3, n: Decimal128.fromString("3") },
    ],
  },
  {
    description: "find matches an integer against an equal Decimal128",
    data: [
      { _id: 1, n: Decimal128.fromString("5.0") },
      { _id: 2, n: 5 },
      { _id: 3, n: 6 },
    ],
    operation: { name: "find", filter: { n: 5 } },
    expected: [
      { _id: 1, n: Decimal128.fromString("5.0") },
      { _id: 2, n: 5 },
    ],
  },
  {
    description: "find with a numeric range does not match strings (type bracketing)",
    data: [
      { _id: 1, n: 10 },
      { _id: 2, n: "20" },
      { _id: 3, n: null },
    ],
    operation: { name: "find", filter: { n: { $gte: 0 } } },
    expected: [{ _id: 1, n: 10 }],
  },
  {
    description: "find with a date range matches dates within it",
    data: [
      { _id: 1, at: jan },
      { _id: 2, at: feb },
      { _id: 3, at: mar },
      { _id: 4, at: "2024-02-15" },
    ],
    operation: {
      name: "find",
      filter: { at: { $gt: new Date("2024-02-01T00:00:00Z"), $lte: mar } },
    },
    expected: [
      { _id: 2, at: feb },
      { _id: 3, at: mar },
    ],
  },
  {
    description: "find with $or, $and and $nor combines conditions",
    data: [
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: 1, b: 2 },
      { _id: 3, a: 2, b: 1 },
      { _id: 4, a: 3, b: 3 },
    ],
    operation: {
      name: "find",
      filter: { $and: [{ $or: [{ a: 1 }, { b: 1 }] }], $nor: [{ a: 2 }] },
    },
    expected: [
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: 1, b: 2 },
    ],
  },
  {
    description: "find with $expr compares two fields of the same document",
    data: [
      { _id: 1, spent: 120, budget: 100 },
      { _id: 2, spent: 80, budget: 100 },
    ],
    operation: { name: "find", filter: { $expr: { $gt: ["$spent", "$budget"] } } },
    expected: [{ _id: 1, spent: 120, budget: 100 }],
  },
  {
    description: "find with $mod matches by remainder",
    data: [
      { _id: 1, n: 4 },
      { _id: 2, n: 6 },
      { _id: 3, n: 10 },
    ],
    operation: { name: "find", filter: { n: { $mod: [3, 1] } } },
    expected: [
      { _id: 1, n: 4 },
      { _id: 3, n: 10 },
    ],
  },
  {
    description: "find with an embedded document value matches it exactly, not a superset",
    data: [
      { _id: 1, p: { x: 1, y: 2 } },
      { _id: 3, p: { x: 1, y: 2, z: 3 } },
      { _id: 4, p: { x: 1 } },
    ],
    operation: { name: "find", filter: { p: { x: 1, y: 2 } } },
    expected: [{ _id: 1, p: { x: 1, y: 2 } }],
  },
  {
    description: "find with an unknown query operator fails with BadValue",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "find", filter: { a: { $bogus: 1 } } },
    error: { code: 2, codeName: "BadValue" },
  },

  // --- projection ----------------------------------------------------------------------------------------
  {
    description: "find with an inclusion projection returns _id and the fields in document order",
    data: [{ _id: 1, a: 1, b: 2, c: 3 }],
    operation: { name: "find", filter: {}, options: { projection: { c: 1, a: 1 } } },
    expected: [{ _id: 1, a: 1, c: 3 }],
  },
  {
    description: "find with an exclusion projection returns every other field",
    data: [{ _id: 1, a: 1, b: 2, c: 3 }],
    operation: { name: "find", filter: {}, options: { projection: { b: 0 } } },
    expected: [{ _id: 1, a: 1, c: 3 }],
  },
  {
    description: "find with an inclusion projection and _id: 0 leaves out the _id",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "find", filter: {}, options: { projection: { _id: 0, b: 1 } } },
    expected: [{ b: 2 }],
  },
  {
    description: "find with only _id: 0 returns every field but _id",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "find", filter: {}, options: { projection: { _id: 0 } } },
    expected: [{ a: 1, b: 2 }],
  },
  {
    description: "find with a projection of only _id returns just the _id",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "find", filter: {}, options: { projection: { _id: 1 } } },
    expected: [{ _id: 1 }],
  },
  {
    description: "find with a dotted inclusion projection keeps only that embedded field",
    data: [{ _id: 1, p: { x: 1, y: 2 }, q: 3 }],
    operation: { name: "find", filter: {}, options: { projection: { "p.y": 1 } } },
    expected: [{ _id: 1, p: { y: 2 } }],
  },
  {
    description: "find with a dotted inclusion projection applies to each element of an array of documents",
    data: orders.slice(0, 1),
    operation: { name: "find", filter: {}, options: { projection: { "items.sku": 1, _id: 0 } } },
    expected: [{ items: [{ sku: "a" }, { sku: "b" }] }],
  },
  {
    description: "find with mixed inclusion and exclusion fails with a projection error",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "find", filter: {}, options: { projection: { a: 1, b: 0 } } },
    error: { code: 31254 },
  },
  {
    description: "find with a $slice projection alone returns every field, the array cut to its first n",
    data: [{ _id: 1, a: "keep", list: [1, 2, 3, 4] }],
    operation: { name: "find", filter: {}, options: { projection: { list: { $slice: 2 } } } },
    expected: [{ _id: 1, a: "keep", list: [1, 2] }],
  },
  {
    description: "find with a negative $slice keeps the last elements",
    data: [{ _id: 1, list: [1, 2, 3, 4] }],
    operation: { name: "find", filter: {}, options: { projection: { list: { $slice: -1 } } } },
    expected: [{ _id: 1, list: [4] }],
  },
  {
    description: "find with $slice [skip, limit] returns that window of the array",
    data: [{ _id: 1, list: [1, 2, 3, 4, 5] }],
    operation: { name: "find", filter: {}, options: { projection: { list: { $slice: [1, 2] } } } },
    expected: [{ _id: 1, list: [2, 3] }],
  },
  {
    description: "find with $slice and an inclusion returns only the included fields and the slice",
    data: [{ _id: 1, a: 1, b: 2, list: [1, 2, 3] }],
    operation: { name: "find", filter: {}, options: { projection: { a: 1, list: { $slice: 1 } } } },
    expected: [{ _id: 1, a: 1, list: [1] }],
  },
  {
    description: "find with an $elemMatch projection returns only the first matching element",
    data: students,
    operation: {
      name: "find",
      filter: {},
      options: { projection: { scores: { $elemMatch: { score: { $gte: 90 } } } } },
    },
    expected: [
      { _id: 1, scores: [{ subject: "art", score: 95 }] },
      { _id: 2, scores: [{ subject: "math", score: 90 }] },
      { _id: 3 },
    ],
  },
  {
    description: "find with an $elemMatch projection returns that field after the other included fields",
    data: [{ _id: 1, scores: [{ s: 1 }, { s: 9 }], name: "ana", other: true }],
    operation: {
      name: "find",
      filter: {},
      options: { projection: { scores: { $elemMatch: { s: { $gt: 5 } } }, name: 1 } },
    },
    expected: [{ _id: 1, name: "ana", scores: [{ s: 9 }] }],
  },
  {
    description: "find with a positional $ projection returns the first element the filter matched",
    data: students,
    operation: { name: "find", filter: { grades: { $gte: 89 } }, options: { projection: { "grades.$": 1 } } },
    expected: [
      { _id: 1, grades: [90] },
      { _id: 2, grades: [90] },
    ],
  },
  {
    description: "find with a positional $ projection on an array of documents",
    data: students,
    operation: {
      name: "find",
      filter: { "scores.subject": "art" },
      options: { projection: { name: 1, "scores.$": 1 } },
    },
    expected: [
      { _id: 1, name: "ana", scores: [{ subject: "art", score: 95 }] },
      { _id: 2, name: "beto", scores: [{ subject: "art", score: 60 }] },
    ],
  },

  // --- sort, skip, limit ---------------------------------------------------------------------------------
  {
    description: "find sorts on several keys, each in its own direction",
    data: [
      { _id: 1, a: 1, b: 1 },
      { _id: 2, a: 2, b: 1 },
      { _id: 3, a: 1, b: 2 },
      { _id: 4, a: 2, b: 2 },
    ],
    operation: { name: "find", filter: {}, options: { sort: { a: -1, b: 1 } } },
    expected: [
      { _id: 2, a: 2, b: 1 },
      { _id: 4, a: 2, b: 2 },
      { _id: 1, a: 1, b: 1 },
      { _id: 3, a: 1, b: 2 },
    ],
  },
  {
    description: "find sorts values of mixed types in MongoDB's BSON type order",
    data: [
      { _id: 1, v: new MaxKey() },
      { _id: 2, v: /re/ },
      { _id: 3, v: new Timestamp({ t: 1, i: 1 }) },
      { _id: 4, v: jan },
      { _id: 5, v: true },
      { _id: 6, v: false },
      { _id: 7, v: id1 },
      { _id: 8, v: new Binary(Buffer.from([0])) },
      { _id: 9, v: { x: 1 } },
      { _id: 10, v: "b" },
      { _id: 11, v: 2 },
      { _id: 12, v: Decimal128.fromString("1.5") },
      { _id: 13, v: null },
      { _id: 14, v: new MinKey() },
    ],
    operation: { name: "find", filter: {}, options: { sort: { v: 1 }, projection: { _id: 1 } } },
    expected: [14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1].map((_id) => ({ _id })),
  },
  {
    description: "find sorts strings by code point and before numbers when descending",
    data: [
      { _id: 1, s: "b" },
      { _id: 2, s: "B" },
      { _id: 3, s: "a" },
      { _id: 4, s: 10 },
      { _id: 5, s: "ñ" },
    ],
    operation: { name: "find", filter: {}, options: { sort: { s: -1 } } },
    expected: [
      { _id: 5, s: "ñ" },
      { _id: 1, s: "b" },
      { _id: 3, s: "a" },
      { _id: 2, s: "B" },
      { _id: 4, s: 10 },
    ],
  },
  {
    description: "find sorts an array field by its smallest element ascending",
    data: [
      { _id: 1, a: [1, 9] },
      { _id: 2, a: 5 },
      { _id: 3, a: [3, 4] },
    ],
    operation: { name: "find", filter: {}, options: { sort: { a: 1 }, projection: { _id: 1 } } },
    expected: [{ _id: 1 }, { _id: 3 }, { _id: 2 }],
  },
  {
    description: "find sorts an array field by its largest element descending",
    data: [
      { _id: 1, a: [1, 9] },
      { _id: 2, a: 5 },
      { _id: 3, a: [3, 4] },
    ],
    operation: { name: "find", filter: {}, options: { sort: { a: -1 }, projection: { _id: 1 } } },
    expected: [{ _id: 1 }, { _id: 2 }, { _id: 3 }],
  },
  {
    description: "find sorts a missing field as null, before numbers",
    data: [{ _id: 1, a: 2 }, { _id: 2 }, { _id: 3, a: null }, { _id: 4, a: 1 }],
    operation: { name: "find", filter: {}, options: { sort: { a: 1, _id: -1 } } },
    expected: [{ _id: 3, a: null }, { _id: 2 }, { _id: 4, a: 1 }, { _id: 1, a: 2 }],
  },
  {
    description: "find sorts on a dotted path into embedded documents",
    data: [
      { _id: 1, p: { age: 30 } },
      { _id: 2, p: { age: 20 } },
      { _id: 3, p: { age: 25 } },
    ],
    operation: { name: "find", filter: {}, options: { sort: { "p.age": 1 }, projection: { _id: 1 } } },
    expected: [{ _id: 2 }, { _id: 3 }, { _id: 1 }],
  },
  {
    description: "find sorts ObjectIds by their bytes (creation order)",
    data: [{ _id: id2 }, { _id: id3 }, { _id: id1 }],
    operation: { name: "find", filter: {}, options: { sort: { _id: -1 } } },
    expected: [{ _id: id3 }, { _id: id2 }, { _id: id1 }],
  },
  {
    description: "find applies sort, then skip, then limit",
    data: [1, 2, 3, 4, 5, 6].map((n) => ({ _id: n, n: 7 - n })),
    operation: { name: "find", filter: {}, options: { sort: { n: 1 }, skip: 1, limit: 2 } },
    expected: [
      { _id: 5, n: 2 },
      { _id: 4, n: 3 },
    ],
  },
  {
    description: "find with skip past the end returns no documents",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: { name: "find", filter: {}, options: { skip: 5 } },
    expected: [],
  },
  {
    description: "find with limit 0 means no limit",
    data: [{ _id: 1 }, { _id: 2 }, { _id: 3 }],
    operation: { name: "find", filter: {}, options: { limit: 0 } },
    expected: [{ _id: 1 }, { _id: 2 }, { _id: 3 }],
  },
  {
    description: "find with a negative limit returns that many documents in a single batch",
    data: [1, 2, 3, 4, 5].map((n) => ({ _id: n })),
    operation: { name: "find", filter: {}, options: { limit: -2, sort: { _id: -1 } } },
    expected: [{ _id: 5 }, { _id: 4 }],
  },
  {
    description: "find returns every document across several batches",
    data: Array.from({ length: 7 }, (_, i) => ({ _id: i })),
    operation: { name: "find", filter: { _id: { $gte: 2 } }, options: { batchSize: 2 } },
    expected: [2, 3, 4, 5, 6].map((_id) => ({ _id })),
  },

  // --- counts and distinct -------------------------------------------------------------------------------
  {
    description: "countDocuments counts the documents matching the filter",
    data: [1, 2, 3, 4, 5].map((n) => ({ _id: n, even: n % 2 === 0 })),
    operation: { name: "countDocuments", filter: { even: false } },
    expected: 3,
  },
  {
    description: "countDocuments applies skip and limit to the matches",
    data: [1, 2, 3, 4, 5].map((n) => ({ _id: n })),
    operation: { name: "countDocuments", filter: { _id: { $gt: 1 } }, options: { skip: 1, limit: 2 } },
    expected: 2,
  },
  {
    description: "countDocuments with a skip past the matches counts zero",
    data: [1, 2, 3].map((n) => ({ _id: n })),
    operation: { name: "countDocuments", filter: {}, options: { skip: 10 } },
    expected: 0,
  },
  {
    description: "countDocuments on a collection that does not exist is zero",
    operation: { name: "countDocuments", filter: {} },
    expected: 0,
  },
  {
    description: "estimatedDocumentCount returns the collection's size",
    data: [1, 2, 3, 4].map((n) => ({ _id: n })),
    operation: { name: "estimatedDocumentCount" },
    expected: 4,
  },
  {
    description: "estimatedDocumentCount on a collection that does not exist is zero",
    operation: { name: "estimatedDocumentCount" },
    expected: 0,
  },
  {
    description: "distinct unwinds arrays and returns each value once, sorted",
    data: [{ _id: 1, tags: ["b", "a"] }, { _id: 2, tags: "c" }, { _id: 3, tags: ["a", "d"] }, { _id: 4 }],
    operation: { name: "distinct", key: "tags" },
    expected: ["a", "b", "c", "d"],
  },
  {
    description: "distinct on a dotted key reaches into arrays of embedded documents",
    data: orders,
    operation: { name: "distinct", key: "items.sku" },
    expected: ["a", "b", "c"],
  },
  {
    description: "distinct applies the filter first",
    data: [
      { _id: 1, k: "x", n: 1 },
      { _id: 2, k: "y", n: 2 },
      { _id: 3, k: "x", n: 3 },
    ],
    operation: { name: "distinct", key: "k", filter: { n: { $gte: 2 } } },
    expected: ["x", "y"],
  },
  {
    description: "distinct treats numerically equal values as one and orders values by BSON type",
    data: [
      { _id: 1, v: "s" },
      { _id: 2, v: 2 },
      { _id: 3, v: Decimal128.fromString("2") },
      { _id: 4, v: null },
      { _id: 5, v: 1 },
    ],
    operation: { name: "distinct", key: "v" },
    expected: [null, 1, 2, "s"],
  },
  {
    description: "distinct keeps nested arrays as values, unwinding only one level",
    data: [
      { _id: 1, v: [[1, 2], 3] },
      { _id: 2, v: 3 },
    ],
    operation: { name: "distinct", key: "v" },
    expected: [3, [1, 2]],
  },
  {
    description: "find with let compares with a $literal variable, kept as the string it spells",
    data: [
      { _id: 1, name: "$x" },
      { _id: 2, name: "x" },
    ],
    operation: {
      name: "find",
      filter: { $expr: { $eq: ["$name", "$$n"] } },
      options: { let: { n: { $literal: "$x" } } },
    },
    expected: [{ _id: 1, name: "$x" }],
  },
];
