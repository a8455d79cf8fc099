import { updated, type ConformanceCase } from "./case.ts";

/** Spanish names as registries write them: with and without accents, in any case, ñ and n. */
const names = [
  { _id: 1, x: "PEÑA" },
  { _id: 2, x: "Pena" },
  { _id: 3, x: "ÁNCASH" },
  { _id: 4, x: "ancash" },
  { _id: 5, x: "Ñuñoa" },
  { _id: 6, x: "nueve" },
];

const es1 = { locale: "es", strength: 1 };
const es2 = { locale: "es", strength: 2 };

/**
 * The `collation` option on every CRUD operation that takes one, and on indexes: string comparisons in the
 * filter, sorts, distinct values and group keys follow the collation (ICU, as MongoDB's).
 */
export const collationCases: ConformanceCase[] = [
  {
    description: "find with strength 1 matches a value whatever its accents and case",
    data: names,
    operation: { name: "find", filter: { x: "Ancash" }, options: { collation: es1, sort: { _id: 1 } } },
    expected: [
      { _id: 3, x: "ÁNCASH" },
      { _id: 4, x: "ancash" },
    ],
  },
  {
    description: "find with strength 2 matches case-insensitively but keeps accents apart",
    data: names,
    operation: { name: "find", filter: { x: "ANCASH" }, options: { collation: es2 } },
    expected: [{ _id: 4, x: "ancash" }],
  },
  {
    description: "find in Spanish keeps ñ apart from n even at strength 1",
    data: names,
    operation: { name: "find", filter: { x: "pena" }, options: { collation: es1 } },
    expected: [{ _id: 2, x: "Pena" }],
  },
  {
    description: "find in English folds ñ into n at strength 1",
    data: names,
    operation: {
      name: "find",
      filter: { x: "pena" },
      options: { collation: { locale: "en", strength: 1 }, sort: { _id: 1 } },
    },
    expected: [
      { _id: 1, x: "PEÑA" },
      { _id: 2, x: "Pena" },
    ],
  },
  {
    description: "find sorts by the collation: ñ after n in Spanish",
    data: names,
    operation: {
      name: "find",
      filter: { _id: { $in: [5, 6] } },
      options: { collation: { locale: "es" }, sort: { x: 1 } },
    },
    expected: [
      { _id: 6, x: "nueve" },
      { _id: 5, x: "Ñuñoa" },
    ],
  },
  {
    description: "find with numericOrdering sorts numeric strings by their numbers",
    data: [
      { _id: 1, x: "10" },
      { _id: 2, x: "9" },
    ],
    operation: {
      name: "find",
      filter: {},
      options: { collation: { locale: "en", numericOrdering: true }, sort: { x: 1 } },
    },
    expected: [
      { _id: 2, x: "9" },
      { _id: 1, x: "10" },
    ],
  },
  {
    description: "countDocuments with a collation counts the documents it matches",
    data: names,
    operation: { name: "countDocuments", filter: { x: "ANCASH" }, options: { collation: es1 } },
    expected: 2,
  },
  {
    description: "distinct with a collation returns one value per class",
    data: names,
    operation: { name: "distinct", key: "x", filter: { _id: { $in: [3, 4] } }, options: { collation: es1 } },
    expected: ["ÁNCASH"],
  },
  {
    description: "updateMany with a collation updates every document it matches",
    data: names,
    operation: {
      name: "updateMany",
      filter: { x: "ancash" },
      update: { $set: { region: true } },
      options: { collation: es1 },
    },
    expected: updated(2, 2),
    outcome: [
      { _id: 1, x: "PEÑA" },
      { _id: 2, x: "Pena" },
      { _id: 3, x: "ÁNCASH", region: true },
      { _id: 4, x: "ancash", region: true },
      { _id: 5, x: "Ñuñoa" },
      { _id: 6, x: "nueve" },
    ],
  },
  {
    description: "updateOne $pull with a collation removes the elements equal under it",
    data: [{ _id: 1, tags: ["lima", "Cusco", "LIMA"] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $pull: { tags: "Lima" } },
      options: { collation: es1 },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["Cusco"] }],
  },
  {
    description: "updateOne with a collation and arrayFilters updates the elements equal under it",
    data: [{ _id: 1, tags: ["lima", "Cusco", "LIMA"] }],
    operation: {
      name: "updateOne",
      filter: { tags: "lima" },
      update: { $set: { "tags.$[t]": "Lima" } },
      options: { collation: es1, arrayFilters: [{ t: "LIMA" }] },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["Lima", "Cusco", "Lima"] }],
  },
  {
    description: "replaceOne with a collation replaces the document it matches",
    data: [{ _id: 1, x: "Ñuñoa" }],
    operation: {
      name: "replaceOne",
      filter: { x: "ÑUÑOA" },
      replacement: { x: "Ñuñoa", comuna: true },
      options: { collation: es2 },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, x: "Ñuñoa", comuna: true }],
  },
  {
    description: "deleteMany with a collation deletes every document it matches",
    data: names,
    operation: { name: "deleteMany", filter: { x: "ancash" }, options: { collation: es1 } },
    expected: { deletedCount: 2 },
  },
  {
    description: "deleteOne with a collation deletes one document it matches",
    data: names,
    operation: { name: "deleteOne", filter: { x: "peña" }, options: { collation: es2 } },
    expected: { deletedCount: 1 },
    outcome: names.filter((doc) => doc._id !== 1),
  },
  {
    description: "findOneAndUpdate with a collation updates the first match in the collation's order",
    data: [
      { _id: 1, x: "b" },
      { _id: 2, x: "B" },
      { _id: 3, x: "a" },
    ],
    operation: {
      name: "findOneAndUpdate",
      filter: { x: { $gte: "a" } },
      update: { $set: { first: true } },
      options: { collation: { locale: "en" }, sort: { x: -1 }, returnDocument: "after" },
    },
    expected: { _id: 2, x: "B", first: true },
  },
  {
    description: "findOneAndDelete with a collation deletes a document it matches",
    data: names,
    operation: { name: "findOneAndDelete", filter: { x: "ñuñoa" }, options: { collation: es1 } },
    expected: { _id: 5, x: "Ñuñoa" },
  },
  {
    description: "aggregate with a collation groups keys equal under it",
    data: names,
    operation: {
      name: "aggregate",
      pipeline: [{ $group: { _id: "$x", n: { $sum: 1 } } }, { $match: { n: 2 } }],
      options: { collation: es1 },
    },
    expected: [{ _id: "ÁNCASH", n: 2 }],
  },
  {
    description: "aggregate $addToSet with a collation keeps one value per class",
    data: [
      { _id: 1, g: 1, x: "lima" },
      { _id: 2, g: 1, x: "LIMA" },
      { _id: 3, g: 1, x: "Cusco" },
    ],
    operation: {
      name: "aggregate",
      pipeline: [{ $group: { _id: "$g", xs: { $addToSet: "$x" } } }, { $project: { n: { $size: "$xs" } } }],
      options: { collation: es1 },
    },
    expected: [{ _id: 1, n: 2 }],
  },
  {
    description: "find with the simple collation compares binary",
    data: names,
    operation: { name: "find", filter: { x: "ANCASH" }, options: { collation: { locale: "simple" } } },
    expected: [],
  },
  {
    description: "createIndex with a collation creates an index the collation's queries find by",
    data: names,
    operation: { name: "createIndex", key: { x: 1 }, options: { collation: es1, name: "x_es" } },
    expected: "x_es",
    indexNamesAfter: ["_id_", "x_es"],
  },
  {
    description: "a unique index with a collation refuses values equal under it",
    data: [{ _id: 1, x: "Pérez" }],
    indexes: [{ key: { x: 1 }, options: { unique: true, collation: es1 } }],
    operation: { name: "insertOne", document: { _id: 2, x: "PEREZ" } },
    error: { code: 11000 },
    outcome: [{ _id: 1, x: "Pérez" }],
  },
  {
    description: "find with an unknown locale fails with BadValue",
    data: names,
    operation: { name: "find", filter: {}, options: { collation: { locale: "pe" } } },
    error: { code: 2, codeName: "BadValue", errmsg: /Field 'locale' is invalid/ },
  },
  {
    description: "find with a strength outside 1 to 5 fails with FailedToParse",
    data: names,
    operation: { name: "find", filter: {}, options: { collation: { locale: "es", strength: 7 } } },
    error: { code: 9, codeName: "FailedToParse" },
  },
];
