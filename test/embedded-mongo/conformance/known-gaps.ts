import { updated, type KnownGap } from "./case.ts";

/**
 * Cases where the embedded server knowingly differs from MongoDB 7.0, each for a limit of mingo that the
 * server does not work around. The runner runs them with `it.fails`: a gap that starts passing fails the
 * suite, and the case then moves back to its area's file. Collation applies to filters, sorts, distinct,
 * `$group` keys, expression comparisons, update operators' queries and indexes (collation.cases.ts); the
 * collation gaps below are the places that still compare binary.
 */
export const knownGaps: KnownGap[] = [
  {
    area: "find",
    reason: "mingo compares embedded documents without regard to field order",
    description: "find with an embedded document value does not match the same fields in another order",
    data: [
      { _id: 1, p: { x: 1, y: 2 } },
      { _id: 2, p: { y: 2, x: 1 } },
    ],
    operation: { name: "find", filter: { p: { x: 1, y: 2 } } },
    expected: [{ _id: 1, p: { x: 1, y: 2 } }],
  },
  {
    area: "update",
    reason: "mingo compares embedded documents without regard to field order",
    description: "updateOne with $addToSet treats a document with reordered fields as a new element",
    data: [{ _id: 1, pts: [{ x: 1, y: 2 }] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $addToSet: { pts: { y: 2, x: 1 } } } },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        pts: [
          { x: 1, y: 2 },
          { y: 2, x: 1 },
        ],
      },
    ],
  },
  {
    area: "aggregate",
    reason: "mingo's $lookup returns an array localField's matches in the local array's order",
    description: "aggregate $lookup returns an array localField's matches in the foreign collection's order",
    data: [{ _id: 1, products: ["p2", "p1"] }],
    otherData: {
      products: [
        { _id: "p1", name: "pico" },
        { _id: "p2", name: "pala" },
      ],
    },
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
    area: "aggregate",
    reason: "mingo's $lookup matches localField and foreignField by its own equality, not the collation",
    description: "aggregate $lookup under a collation matches foreign values equal under it",
    data: [{ _id: 1, region: "ancash" }],
    otherData: { regions: [{ _id: 2, name: "ÁNCASH" }] },
    operation: {
      name: "aggregate",
      pipeline: [
        { $lookup: { from: "regions", localField: "region", foreignField: "name", as: "found" } },
        { $project: { n: { $size: "$found" } } },
      ],
      options: { collation: { locale: "es", strength: 1 } },
    },
    expected: [{ _id: 1, n: 1 }],
  },
];
