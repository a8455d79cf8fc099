import { Decimal128 } from "mongodb";
import { anyObjectId, type ConformanceCase } from "./case.ts";

const ana = { _id: 1, name: "ana", team: "red", score: 10 };
const beto = { _id: 2, name: "beto", team: "blue", score: 30 };
const cora = { _id: 3, name: "cora", team: "red", score: 20 };
const players = [ana, beto, cora];

/** findOneAndUpdate, findOneAndReplace and findOneAndDelete (the findAndModify command). */
export const findAndModifyCases: ConformanceCase[] = [
  // --- findOneAndUpdate -----------------------------------------------------------------------------------
  {
    description: "findOneAndUpdate returns the document as it was before the update by default",
    data: players,
    operation: { name: "findOneAndUpdate", filter: { _id: 1 }, update: { $inc: { score: 5 } } },
    expected: { _id: 1, name: "ana", team: "red", score: 10 },
    outcome: [{ _id: 1, name: "ana", team: "red", score: 15 }, beto, cora],
  },
  {
    description: "findOneAndUpdate with returnDocument after returns the updated document",
    data: players,
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 1 },
      update: { $inc: { score: 5 }, $set: { mvp: true } },
      options: { returnDocument: "after" },
    },
    expected: { _id: 1, name: "ana", team: "red", score: 15, mvp: true },
    outcome: [{ _id: 1, name: "ana", team: "red", score: 15, mvp: true }, beto, cora],
  },
  {
    description: "findOneAndUpdate with a Decimal128 $inc returns the exact new amount",
    data: [{ _id: 1, balance: Decimal128.fromString("0.10") }],
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 1 },
      update: { $inc: { balance: Decimal128.fromString("0.20") } },
      options: { returnDocument: "after" },
    },
    expected: { _id: 1, balance: Decimal128.fromString("0.30") },
    outcome: [{ _id: 1, balance: Decimal128.fromString("0.30") }],
  },
  {
    description: "findOneAndUpdate with a sort updates the first document in that order",
    data: players,
    operation: {
      name: "findOneAndUpdate",
      filter: { team: "red" },
      update: { $set: { captain: true } },
      options: { sort: { score: -1 }, returnDocument: "after" },
    },
    expected: { _id: 3, name: "cora", team: "red", score: 20, captain: true },
    outcome: [ana, beto, { _id: 3, name: "cora", team: "red", score: 20, captain: true }],
  },
  {
    description: "findOneAndUpdate applies the projection to the document it returns",
    data: players,
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 2 },
      update: { $set: { score: 0 } },
      options: { projection: { _id: 0, name: 1, score: 1 }, returnDocument: "after" },
    },
    expected: { name: "beto", score: 0 },
    outcome: [ana, { _id: 2, name: "beto", team: "blue", score: 0 }, cora],
  },
  {
    description: "findOneAndUpdate with upsert and returnDocument after returns the new document",
    data: players,
    operation: {
      name: "findOneAndUpdate",
      filter: { name: "dino" },
      update: { $set: { team: "blue" }, $setOnInsert: { score: 0 } },
      options: { upsert: true, returnDocument: "after" },
    },
    expected: { _id: anyObjectId, name: "dino", score: 0, team: "blue" },
    outcome: [...players, { _id: anyObjectId, name: "dino", score: 0, team: "blue" }],
  },
  {
    description: "findOneAndUpdate projects the updated document even when it no longer matches the filter",
    data: players,
    operation: {
      name: "findOneAndUpdate",
      filter: { name: "ana", score: 10 },
      update: { $inc: { score: 5 } },
      options: { projection: { score: 1 }, returnDocument: "after" },
    },
    expected: { _id: 1, score: 15 },
    outcome: [{ _id: 1, name: "ana", team: "red", score: 15 }, beto, cora],
  },
  {
    description: "findOneAndUpdate with upsert and returnDocument before returns null but inserts",
    data: [],
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 5 },
      update: { $set: { n: 1 } },
      options: { upsert: true },
    },
    expected: null,
    outcome: [{ _id: 5, n: 1 }],
  },
  {
    description: "findOneAndUpdate with upsert on an existing match does not apply $setOnInsert",
    data: players,
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 1 },
      update: { $set: { seen: true }, $setOnInsert: { score: 0 } },
      options: { upsert: true, returnDocument: "after" },
    },
    expected: { _id: 1, name: "ana", team: "red", score: 10, seen: true },
    outcome: [{ _id: 1, name: "ana", team: "red", score: 10, seen: true }, beto, cora],
  },
  {
    description: "findOneAndUpdate that matches nothing returns null and changes nothing",
    data: players,
    operation: { name: "findOneAndUpdate", filter: { _id: 99 }, update: { $set: { x: 1 } } },
    expected: null,
    outcome: players,
  },
  {
    description: "findOneAndUpdate on a collection that does not exist returns null",
    operation: { name: "findOneAndUpdate", filter: {}, update: { $set: { x: 1 } } },
    expected: null,
    outcome: [],
  },
  {
    description: "findOneAndUpdate with arrayFilters updates the matching elements",
    data: [{ _id: 1, marks: [4, 9, 2, 8] }],
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 1 },
      update: { $set: { "marks.$[m]": 5 } },
      options: { arrayFilters: [{ m: { $gt: 5 } }], returnDocument: "after" },
    },
    expected: { _id: 1, marks: [4, 5, 2, 5] },
    outcome: [{ _id: 1, marks: [4, 5, 2, 5] }],
  },
  {
    description: "findOneAndUpdate with the positional $ updates the matched element",
    data: [{ _id: 1, marks: [4, 9, 2, 9] }],
    operation: {
      name: "findOneAndUpdate",
      filter: { marks: 9 },
      update: { $set: { "marks.$": 10 } },
      options: { returnDocument: "after" },
    },
    expected: { _id: 1, marks: [4, 10, 2, 9] },
    outcome: [{ _id: 1, marks: [4, 10, 2, 9] }],
  },
  {
    description: "findOneAndUpdate with a pipeline update returns the computed document",
    data: [{ _id: 1, a: 2, b: 5 }],
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 1 },
      update: [{ $set: { max: { $max: ["$a", "$b"] } } }, { $unset: "a" }],
      options: { returnDocument: "after" },
    },
    expected: { _id: 1, b: 5, max: 5 },
    outcome: [{ _id: 1, b: 5, max: 5 }],
  },
  {
    description: "findOneAndUpdate that would change the _id fails with ImmutableField and changes nothing",
    data: players,
    operation: { name: "findOneAndUpdate", filter: { _id: 1 }, update: { $set: { _id: 10 } } },
    error: { code: 66, codeName: "ImmutableField" },
    outcome: players,
  },
  {
    description: "findOneAndUpdate with an unknown update operator fails with FailedToParse",
    data: players,
    operation: { name: "findOneAndUpdate", filter: { _id: 1 }, update: { $bump: { score: 1 } } },
    error: { code: 9, codeName: "FailedToParse" },
    outcome: players,
  },

  // --- findOneAndReplace ----------------------------------------------------------------------------------
  {
    description: "findOneAndReplace returns the old document and stores the replacement under the same _id",
    data: players,
    operation: { name: "findOneAndReplace", filter: { name: "beto" }, replacement: { name: "B", score: 1 } },
    expected: beto,
    outcome: [ana, { _id: 2, name: "B", score: 1 }, cora],
  },
  {
    description:
      "findOneAndReplace with returnDocument after and a projection returns the projected replacement",
    data: players,
    operation: {
      name: "findOneAndReplace",
      filter: { _id: 3 },
      replacement: { name: "C", score: 99, note: "x" },
      options: { returnDocument: "after", projection: { note: 0 } },
    },
    expected: { _id: 3, name: "C", score: 99 },
    outcome: [ana, beto, { _id: 3, name: "C", score: 99, note: "x" }],
  },
  {
    description: "findOneAndReplace with a sort replaces the first document in that order",
    data: players,
    operation: {
      name: "findOneAndReplace",
      filter: {},
      replacement: { lowest: true },
      options: { sort: { score: 1 } },
    },
    expected: ana,
    outcome: [{ _id: 1, lowest: true }, beto, cora],
  },
  {
    description: "findOneAndReplace with upsert and returnDocument after returns the inserted replacement",
    data: [],
    operation: {
      name: "findOneAndReplace",
      filter: { _id: "k" },
      replacement: { v: 1 },
      options: { upsert: true, returnDocument: "after" },
    },
    expected: { _id: "k", v: 1 },
    outcome: [{ _id: "k", v: 1 }],
  },
  {
    description: "findOneAndReplace with a different _id fails with ImmutableField and changes nothing",
    data: players,
    operation: { name: "findOneAndReplace", filter: { _id: 1 }, replacement: { _id: 7, name: "x" } },
    error: { code: 66, codeName: "ImmutableField" },
    outcome: players,
  },

  // --- findOneAndDelete -----------------------------------------------------------------------------------
  {
    description: "findOneAndDelete removes and returns the first document in sort order",
    data: players,
    operation: { name: "findOneAndDelete", filter: {}, options: { sort: { score: -1 } } },
    expected: beto,
    outcome: [ana, cora],
  },
  {
    description: "findOneAndDelete applies the projection to the document it returns",
    data: players,
    operation: { name: "findOneAndDelete", filter: { _id: 3 }, options: { projection: { name: 1 } } },
    expected: { _id: 3, name: "cora" },
    outcome: [ana, beto],
  },
  {
    description: "findOneAndDelete that matches nothing returns null and deletes nothing",
    data: players,
    operation: { name: "findOneAndDelete", filter: { team: "green" } },
    expected: null,
    outcome: players,
  },
  {
    description: "findOneAndUpdate with let uses the variables in the filter and in a pipeline update",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: {
      name: "findOneAndUpdate",
      filter: { $expr: { $eq: ["$_id", "$$id"] } },
      update: [{ $set: { x: "$$x" } }],
      options: { let: { id: 2, x: { $concat: ["a", "b"] } }, returnDocument: "after" },
    },
    expected: { _id: 2, x: "ab" },
    outcome: [{ _id: 1 }, { _id: 2, x: "ab" }],
  },
];
