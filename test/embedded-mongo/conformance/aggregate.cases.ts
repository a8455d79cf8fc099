import { ObjectId } from "mongodb";
import type { ConformanceCase } from "./case.ts";

const d1 = new Date("2024-01-01T00:00:00.000Z");
const d2 = new Date("2024-02-01T00:00:00.000Z");
const d3 = new Date("2024-03-01T00:00:00.000Z");
const ownerA = new ObjectId("650000000000000000000001");
const ownerB = new ObjectId("650000000000000000000002");

const sales = [
  { _id: 1, item: "abc", price: 10, qty: 2, date: d1, tags: ["a", "b"] },
  { _id: 2, item: "jkl", price: 20, qty: 1, date: d2 },
  { _id: 3, item: "xyz", price: 5, qty: 10, date: d3 },
  { _id: 4, item: "xyz", price: 5, qty: 20, date: d3 },
  { _id: 5, item: "abc", price: 10, qty: 10, date: d2 },
];

const orders = [
  { _id: 1, product: "p1", qty: 2 },
  { _id: 2, product: "p2", qty: 1 },
  { _id: 3, product: "p9", qty: 5 },
];

const products = [
  { _id: "p1", name: "pico", price: 30 },
  { _id: "p2", name: "pala", price: 15 },
];

const unwindable = [
  { _id: 1, t: ["x", "y"], after: 1 },
  { _id: 2, t: [] },
  { _id: 3 },
  { _id: 4, t: null },
  { _id: 5, t: "solo" },
];

/** The aggregate command: the common stages, `$lookup` across collections, `$out` and `$merge`. */
export const aggregateCases: ConformanceCase[] = [
  {
    description: "aggregate $match then $group computes $sum, $avg, $push, $addToSet and $first per key",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [
        { $match: { qty: { $gte: 2 } } },
        {
          $group: {
            _id: "$item",
            total: { $sum: { $multiply: ["$price", "$qty"] } },
            avgQty: { $avg: "$qty" },
            qtys: { $push: "$qty" },
            prices: { $addToSet: "$price" },
            firstId: { $first: "$_id" },
            n: { $sum: 1 },
          },
        },
        { $sort: { _id: 1 } },
      ],
    },
    expected: [
      { _id: "abc", total: 120, avgQty: 6, qtys: [2, 10], prices: [10], firstId: 1, n: 2 },
      { _id: "xyz", total: 150, avgQty: 15, qtys: [10, 20], prices: [5], firstId: 3, n: 2 },
    ],
    outcome: sales,
  },
  {
    description: "aggregate $group with a null _id totals the whole collection",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [
        { $group: { _id: null, count: { $sum: 1 }, qty: { $sum: "$qty" }, last: { $max: "$date" } } },
      ],
    },
    expected: [{ _id: null, count: 5, qty: 43, last: d3 }],
  },
  {
    description: "aggregate $group by a compound key groups on every field of it",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [
        { $group: { _id: { item: "$item", month: { $month: "$date" } }, n: { $sum: 1 } } },
        { $sort: { "_id.item": 1, "_id.month": 1 } },
      ],
    },
    expected: [
      { _id: { item: "abc", month: 1 }, n: 1 },
      { _id: { item: "abc", month: 2 }, n: 1 },
      { _id: { item: "jkl", month: 2 }, n: 1 },
      { _id: { item: "xyz", month: 3 }, n: 2 },
    ],
  },
  {
    description: "aggregate $group by an ObjectId field groups equal ObjectIds together",
    data: [
      { _id: 1, owner: ownerA, n: 1 },
      { _id: 2, owner: ownerB, n: 2 },
      { _id: 3, owner: new ObjectId(ownerA.toHexString()), n: 3 },
    ],
    operation: {
      name: "aggregate",
      pipeline: [{ $group: { _id: "$owner", n: { $sum: "$n" } } }, { $sort: { _id: 1 } }],
    },
    expected: [
      { _id: ownerA, n: 4 },
      { _id: ownerB, n: 2 },
    ],
  },
  {
    description: "aggregate $avg ignores non-numeric values and is null when there are none",
    data: [
      { _id: 1, k: "a", v: 2 },
      { _id: 2, k: "a", v: "x" },
      { _id: 3, k: "a", v: 4 },
      { _id: 4, k: "b", v: "y" },
      { _id: 5, k: "b" },
    ],
    operation: {
      name: "aggregate",
      pipeline: [{ $group: { _id: "$k", avg: { $avg: "$v" }, sum: { $sum: "$v" } } }, { $sort: { _id: 1 } }],
    },
    expected: [
      { _id: "a", avg: 3, sum: 6 },
      { _id: "b", avg: null, sum: 0 },
    ],
  },
  {
    description: "aggregate $sort, $skip and $limit page through the documents",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [{ $sort: { qty: -1, _id: 1 } }, { $skip: 1 }, { $limit: 2 }, { $project: { _id: 1 } }],
    },
    expected: [{ _id: 3 }, { _id: 5 }],
  },
  {
    description: "aggregate $sort orders mixed types in BSON type order with missing as null",
    data: [
      { _id: 1, v: d1 },
      { _id: 2, v: true },
      { _id: 3, v: ownerA },
      { _id: 4, v: "s" },
      { _id: 5, v: 1 },
      { _id: 6 },
      { _id: 7, v: null },
      { _id: 8, v: { a: 1 } },
    ],
    operation: { name: "aggregate", pipeline: [{ $sort: { v: 1, _id: 1 } }, { $project: { _id: 1 } }] },
    expected: [6, 7, 5, 4, 8, 3, 2, 1].map((_id) => ({ _id })),
  },
  {
    description: "aggregate $sort on an array field uses the smallest element ascending",
    data: [
      { _id: 1, a: [1, 9] },
      { _id: 2, a: 5 },
      { _id: 3, a: [3, 4] },
    ],
    operation: { name: "aggregate", pipeline: [{ $sort: { a: 1 } }, { $project: { _id: 1 } }] },
    expected: [{ _id: 1 }, { _id: 3 }, { _id: 2 }],
  },
  {
    description: "aggregate $sort on an array field uses the largest element descending",
    data: [
      { _id: 1, a: [1, 9] },
      { _id: 2, a: 5 },
      { _id: 3, a: [3, 4] },
    ],
    operation: { name: "aggregate", pipeline: [{ $sort: { a: -1 } }, { $project: { _id: 1 } }] },
    expected: [{ _id: 1 }, { _id: 2 }, { _id: 3 }],
  },
  {
    description: "aggregate $project includes, renames and computes fields, and can drop _id",
    data: sales.slice(0, 2),
    operation: {
      name: "aggregate",
      pipeline: [
        {
          $project: {
            _id: 0,
            item: 1,
            revenue: { $multiply: ["$price", "$qty"] },
            big: { $cond: [{ $gte: ["$price", 15] }, true, false] },
            firstTag: { $ifNull: [{ $arrayElemAt: ["$tags", 0] }, "none"] },
          },
        },
      ],
    },
    expected: [
      { item: "abc", revenue: 20, big: false, firstTag: "a" },
      { item: "jkl", revenue: 20, big: true, firstTag: "none" },
    ],
  },
  {
    description: "aggregate $project puts computed fields after the kept ones, even one replacing a field",
    data: [{ _id: 1, a: 1, b: 2, c: 3 }],
    operation: {
      name: "aggregate",
      pipeline: [{ $project: { z: { $literal: "new" }, a: { $add: ["$a", 10] }, c: 1, b: 1 } }],
    },
    expected: [{ _id: 1, b: 2, c: 3, z: "new", a: 11 }],
  },
  {
    description: "aggregate $project with exclusions returns every other field",
    data: sales.slice(0, 1),
    operation: { name: "aggregate", pipeline: [{ $project: { date: 0, tags: 0 } }] },
    expected: [{ _id: 1, item: "abc", price: 10, qty: 2 }],
  },
  {
    description: "aggregate $addFields appends computed fields and $replaceRoot promotes a subdocument",
    data: [{ _id: 1, profile: { name: "ana", city: "Puno" }, n: 2 }],
    operation: {
      name: "aggregate",
      pipeline: [
        { $addFields: { "profile.double": { $multiply: ["$n", 2] } } },
        { $replaceRoot: { newRoot: "$profile" } },
      ],
    },
    expected: [{ name: "ana", city: "Puno", double: 4 }],
  },
  {
    description: "aggregate $addFields replaces existing fields in place and appends new ones",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: {
      name: "aggregate",
      pipeline: [{ $addFields: { c: { $add: ["$a", "$b"] }, a: "replaced" } }],
    },
    expected: [{ _id: 1, a: "replaced", b: 2, c: 3 }],
  },
  {
    description: "aggregate $unwind emits one document per array element",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [{ $match: { _id: 1 } }, { $unwind: "$tags" }, { $project: { tags: 1 } }],
    },
    expected: [
      { _id: 1, tags: "a" },
      { _id: 1, tags: "b" },
    ],
  },
  {
    description: "aggregate $unwind on an embedded path replaces the array inside the embedded document",
    data: [{ _id: 1, p: { list: [1, 2], keep: true } }],
    operation: { name: "aggregate", pipeline: [{ $unwind: "$p.list" }] },
    expected: [
      { _id: 1, p: { list: 1, keep: true } },
      { _id: 1, p: { list: 2, keep: true } },
    ],
  },
  {
    description: "aggregate $unwind drops documents whose field is missing, null or an empty array",
    data: unwindable,
    operation: { name: "aggregate", pipeline: [{ $unwind: "$t" }] },
    expected: [
      { _id: 1, t: "x", after: 1 },
      { _id: 1, t: "y", after: 1 },
      { _id: 5, t: "solo" },
    ],
    outcome: unwindable,
  },
  {
    description:
      "aggregate $unwind with includeArrayIndex and preserveNullAndEmptyArrays leaves stored documents unchanged",
    data: unwindable,
    operation: {
      name: "aggregate",
      pipeline: [{ $unwind: { path: "$t", includeArrayIndex: "idx", preserveNullAndEmptyArrays: true } }],
    },
    expected: [
      { _id: 1, t: "x", after: 1, idx: 0 },
      { _id: 1, t: "y", after: 1, idx: 1 },
      { _id: 2, idx: null },
      { _id: 3, idx: null },
      { _id: 4, t: null, idx: null },
      { _id: 5, t: "solo", idx: null },
    ],
    outcome: unwindable,
  },
  {
    description: "aggregate $lookup with localField and foreignField joins another collection",
    data: orders,
    otherData: { products },
    operation: {
      name: "aggregate",
      pipeline: [{ $lookup: { from: "products", localField: "product", foreignField: "_id", as: "prod" } }],
    },
    expected: [
      { _id: 1, product: "p1", qty: 2, prod: [{ _id: "p1", name: "pico", price: 30 }] },
      { _id: 2, product: "p2", qty: 1, prod: [{ _id: "p2", name: "pala", price: 15 }] },
      { _id: 3, product: "p9", qty: 5, prod: [] },
    ],
    outcome: orders,
    otherOutcome: { products },
  },
  {
    description: "aggregate $lookup treats a missing localField and foreignField as null, so they match",
    data: [{ _id: 1, code: "A" }, { _id: 2 }],
    otherData: {
      catalog: [{ _id: "x", code: "A" }, { _id: "y", code: null }, { _id: "z" }],
    },
    operation: {
      name: "aggregate",
      pipeline: [
        { $lookup: { from: "catalog", localField: "code", foreignField: "code", as: "hits" } },
        { $project: { ids: "$hits._id" } },
      ],
    },
    expected: [
      { _id: 1, ids: ["x"] },
      { _id: 2, ids: ["y", "z"] },
    ],
  },
  {
    description: "aggregate $lookup with an array localField matches any of its elements",
    data: [{ _id: 1, products: ["p7", "p1", "p2"] }],
    otherData: { products },
    operation: {
      name: "aggregate",
      pipeline: [
        { $lookup: { from: "products", localField: "products", foreignField: "_id", as: "found" } },
        { $project: { names: "$found.name" } },
      ],
    },
    expected: [{ _id: 1, names: ["pico", "pala"] }],
  },
  {
    description: "aggregate $lookup with let and a pipeline joins on an expression",
    data: orders,
    otherData: { products },
    operation: {
      name: "aggregate",
      pipeline: [
        {
          $lookup: {
            from: "products",
            let: { pid: "$product", q: "$qty" },
            pipeline: [
              { $match: { $expr: { $eq: ["$_id", "$$pid"] } } },
              { $project: { _id: 0, name: 1, total: { $multiply: ["$price", "$$q"] } } },
            ],
            as: "lines",
          },
        },
        { $project: { lines: 1 } },
      ],
    },
    expected: [
      { _id: 1, lines: [{ name: "pico", total: 60 }] },
      { _id: 2, lines: [{ name: "pala", total: 15 }] },
      { _id: 3, lines: [] },
    ],
  },
  {
    description: "aggregate $lookup from a collection that does not exist yields empty arrays",
    data: orders.slice(0, 1),
    operation: {
      name: "aggregate",
      pipeline: [{ $lookup: { from: "nothing", localField: "product", foreignField: "_id", as: "x" } }],
    },
    expected: [{ _id: 1, product: "p1", qty: 2, x: [] }],
  },
  {
    description: "aggregate $facet runs several sub-pipelines over the same input",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [
        {
          $facet: {
            cheap: [{ $match: { price: { $lt: 10 } } }, { $project: { _id: 1 } }],
            stats: [{ $group: { _id: null, n: { $sum: 1 } } }],
          },
        },
      ],
    },
    expected: [{ cheap: [{ _id: 3 }, { _id: 4 }], stats: [{ _id: null, n: 5 }] }],
  },
  {
    description: "aggregate $bucket groups by boundaries with a default bucket",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [
        {
          $bucket: {
            groupBy: "$price",
            boundaries: [0, 10, 15],
            default: "expensive",
            output: { n: { $sum: 1 }, items: { $push: "$item" } },
          },
        },
      ],
    },
    expected: [
      { _id: 0, n: 2, items: ["xyz", "xyz"] },
      { _id: 10, n: 2, items: ["abc", "abc"] },
      { _id: "expensive", n: 1, items: ["jkl"] },
    ],
  },
  {
    description: "aggregate $bucket leaves out buckets no document falls in",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [{ $bucket: { groupBy: "$qty", boundaries: [0, 5, 15, 50, 100] } }],
    },
    expected: [
      { _id: 0, count: 2 },
      { _id: 5, count: 2 },
      { _id: 15, count: 1 },
    ],
  },
  {
    description: "aggregate $sortByCount counts each value and sorts by the count descending",
    data: ["red", "blue", "red", "green", "red", "blue"].map((color, i) => ({ _id: i, color })),
    operation: { name: "aggregate", pipeline: [{ $sortByCount: "$color" }] },
    expected: [
      { _id: "red", count: 3 },
      { _id: "blue", count: 2 },
      { _id: "green", count: 1 },
    ],
  },
  {
    description: "aggregate $count returns one document with the number of inputs",
    data: sales,
    operation: { name: "aggregate", pipeline: [{ $match: { item: "xyz" } }, { $count: "n" }] },
    expected: [{ n: 2 }],
  },
  {
    description: "aggregate $count over no documents returns no document",
    data: sales,
    operation: { name: "aggregate", pipeline: [{ $match: { item: "none" } }, { $count: "n" }] },
    expected: [],
  },
  {
    description: "aggregate $match with $expr filters on a computed condition",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [
        { $match: { $expr: { $gt: [{ $multiply: ["$price", "$qty"] }, 50] } } },
        { $project: { _id: 1 } },
      ],
    },
    expected: [{ _id: 4 }, { _id: 5 }],
  },
  {
    description: "aggregate on a collection that does not exist returns no documents",
    operation: { name: "aggregate", pipeline: [{ $match: {} }] },
    expected: [],
  },
  {
    description: "aggregate $out replaces the target collection's contents and returns nothing",
    data: sales,
    otherData: { target: [{ _id: 100, stale: true }] },
    operation: {
      name: "aggregate",
      pipeline: [{ $match: { qty: { $gte: 10 } } }, { $project: { item: 1 } }, { $out: "target" }],
    },
    expected: [],
    outcome: sales,
    otherOutcome: {
      target: [
        { _id: 3, item: "xyz" },
        { _id: 4, item: "xyz" },
        { _id: 5, item: "abc" },
      ],
    },
  },
  {
    description: "aggregate $out creates the target collection when it does not exist",
    data: sales,
    operation: {
      name: "aggregate",
      pipeline: [{ $group: { _id: "$item", n: { $sum: 1 } } }, { $out: "summary" }],
    },
    expected: [],
    otherOutcome: {
      summary: [
        { _id: "abc", n: 2 },
        { _id: "jkl", n: 1 },
        { _id: "xyz", n: 2 },
      ],
    },
  },
  {
    description: "aggregate $merge merges matching documents by _id and inserts the others",
    data: sales.slice(0, 2),
    otherData: { target: [{ _id: 1, item: "old", keep: "x" }] },
    operation: {
      name: "aggregate",
      pipeline: [{ $project: { item: 1, qty: 1 } }, { $merge: { into: "target" } }],
    },
    expected: [],
    otherOutcome: {
      target: [
        { _id: 1, item: "abc", keep: "x", qty: 2 },
        { _id: 2, item: "jkl", qty: 1 },
      ],
    },
  },
  {
    description: "aggregate $merge with whenMatched replace swaps the whole matched document",
    data: sales.slice(0, 1),
    otherData: { target: [{ _id: 1, item: "old", keep: "x" }] },
    operation: {
      name: "aggregate",
      pipeline: [{ $project: { item: 1 } }, { $merge: { into: "target", whenMatched: "replace" } }],
    },
    expected: [],
    otherOutcome: { target: [{ _id: 1, item: "abc" }] },
  },
  {
    description: "aggregate $merge with keepExisting and discard changes only what it may",
    data: sales.slice(0, 2),
    otherData: { target: [{ _id: 1, item: "old" }] },
    operation: {
      name: "aggregate",
      pipeline: [
        { $project: { item: 1 } },
        { $merge: { into: "target", whenMatched: "keepExisting", whenNotMatched: "discard" } },
      ],
    },
    expected: [],
    otherOutcome: { target: [{ _id: 1, item: "old" }] },
  },
  {
    description: "aggregate with an unknown stage fails and names the stage",
    data: sales,
    operation: { name: "aggregate", pipeline: [{ $bogus: {} }] },
    error: { code: 40324, errmsg: "Unrecognized pipeline stage name: '$bogus'" },
  },
  {
    description: "aggregate $limit 0 fails because the limit must be positive",
    data: sales,
    operation: { name: "aggregate", pipeline: [{ $limit: 0 }] },
    error: { code: 15958 },
  },
  {
    description: "aggregate with let evaluates each variable once as an expression ($literal, $add)",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: {
      name: "aggregate",
      pipeline: [
        { $match: { $expr: { $eq: ["$_id", "$$id"] } } },
        { $project: { _id: 0, y: "$$y", z: "$$z" } },
      ],
      options: { let: { id: 1, y: { $literal: "$bar" }, z: { $add: [1, 2] } } },
    },
    expected: [{ y: "$bar", z: 3 }],
  },
  {
    description: "aggregate $merge with whenMatched fail reports E11000 on _id with keyPattern and keyValue",
    data: [{ _id: 1, x: 1 }],
    otherData: { target: [{ _id: 1, x: 0 }] },
    operation: {
      name: "aggregate",
      pipeline: [{ $merge: { into: "target", whenMatched: "fail" } }],
    },
    error: { code: 11000, keyPattern: { _id: 1 }, keyValue: { _id: 1 } },
    otherOutcome: { target: [{ _id: 1, x: 0 }] },
  },
  {
    description: "aggregate on the database ($documents) runs a pipeline without a collection",
    operation: {
      name: "dbAggregate",
      pipeline: [{ $documents: [{ a: 1 }, { a: 2 }] }, { $match: { a: 2 } }],
    },
    expected: [{ a: 2 }],
  },
  {
    description: "aggregate on the database with $listLocalSessions lists the driver's session",
    operation: {
      name: "dbAggregate",
      pipeline: [
        { $listLocalSessions: {} },
        { $limit: 1 },
        { $project: { _id: 0, used: { $eq: [{ $type: "$lastUse" }, "date"] } } },
      ],
    },
    expected: [{ used: true }],
  },
  {
    description: "aggregate on a collection with $listLocalSessions fails: it needs aggregate 1",
    data: [{ _id: 1 }],
    operation: { name: "aggregate", pipeline: [{ $listLocalSessions: {} }] },
    error: { code: 73 },
  },
  {
    description: "aggregate with $out refuses the linearizable read concern and writes nothing",
    data: [{ _id: 1 }],
    operation: {
      name: "aggregate",
      pipeline: [{ $out: "target" }],
      options: { readConcern: { level: "linearizable" } },
    },
    error: { code: 72 },
    otherOutcome: { target: [] },
  },
];
