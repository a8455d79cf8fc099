import { Decimal128, ObjectId } from "mongodb";
import { duplicateKeyMessage, updated, type ConformanceCase, type IndexDefinition } from "./case.ts";

const ref = new ObjectId("650000000000000000000009");

const uniqueEmail: IndexDefinition = { key: { email: 1 }, options: { unique: true } };
const userB = { _id: 2, email: "b@x", n: 2 };
const users = [{ _id: 1, email: "a@x", n: 1 }, userB];

/** The E11000 error for a duplicate `email` on the `email_1` index. */
function duplicateEmail(email: string, anchored = true) {
  return {
    code: 11000,
    keyPattern: { email: 1 },
    keyValue: { email },
    errmsg: duplicateKeyMessage("email_1", `email: "${email}"`, anchored),
  };
}

/** Unique indexes (single, compound, sparse, partial, multikey) and the E11000 error of every write. */
export const uniqueIndexCases: ConformanceCase[] = [
  // --- shapes of unique index -----------------------------------------------------------------------------
  {
    description: "a unique index refuses an insertOne with a duplicate value, with the exact E11000 error",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "insertOne", document: { _id: 3, email: "a@x" } },
    error: duplicateEmail("a@x"),
    outcome: users,
  },
  {
    description: "a unique index's E11000 message names the index by its given name",
    data: users,
    indexes: [{ key: { email: 1 }, options: { unique: true, name: "uniq_email" } }],
    operation: { name: "insertOne", document: { _id: 3, email: "b@x" } },
    error: {
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: "b@x" },
      errmsg: duplicateKeyMessage("uniq_email", 'email: "b@x"'),
    },
    outcome: users,
  },
  {
    description: "a unique index accepts an insert of a new value",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "insertOne", document: { _id: 3, email: "c@x" } },
    expected: { insertedId: 3 },
    outcome: [...users, { _id: 3, email: "c@x" }],
  },
  {
    description: "a unique index on a descending key reports its key pattern with -1",
    data: [{ _id: 1, a: 5 }],
    indexes: [{ key: { a: -1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, a: 5 } },
    error: {
      code: 11000,
      keyPattern: { a: -1 },
      keyValue: { a: 5 },
      errmsg: duplicateKeyMessage("a_-1", "a: 5"),
    },
    outcome: [{ _id: 1, a: 5 }],
  },
  {
    description: "a unique index on an embedded field reports the dotted path",
    data: [{ _id: 1, profile: { email: "p@x" } }],
    indexes: [{ key: { "profile.email": 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, profile: { email: "p@x", other: 1 } } },
    error: {
      code: 11000,
      keyPattern: { "profile.email": 1 },
      keyValue: { "profile.email": "p@x" },
      errmsg: duplicateKeyMessage("profile.email_1", 'profile.email: "p@x"'),
    },
    outcome: [{ _id: 1, profile: { email: "p@x" } }],
  },
  {
    description: "a unique index on an ObjectId field shows ObjectId('…') in the E11000 message",
    data: [{ _id: 1, ref }],
    indexes: [{ key: { ref: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, ref: new ObjectId(ref.toHexString()) } },
    error: {
      code: 11000,
      keyPattern: { ref: 1 },
      keyValue: { ref },
      errmsg: duplicateKeyMessage("ref_1", `ref: ObjectId('${ref.toHexString()}')`),
    },
    outcome: [{ _id: 1, ref }],
  },
  {
    description: "a unique index treats numerically equal values of different types as duplicates",
    data: [{ _id: 1, n: 1 }],
    indexes: [{ key: { n: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, n: Decimal128.fromString("1.0") } },
    error: { code: 11000, keyPattern: { n: 1 } },
    outcome: [{ _id: 1, n: 1 }],
  },
  {
    description: "a unique index on an embedded document compares the whole value",
    data: [{ _id: 1, p: { x: 1, y: 2 } }],
    indexes: [{ key: { p: 1 }, options: { unique: true } }],
    operation: {
      name: "insertMany",
      documents: [
        { _id: 2, p: { y: 2, x: 1 } },
        { _id: 3, p: { x: 1, y: 2 } },
      ],
    },
    error: { code: 11000, insertedCount: 1, writeErrors: [{ index: 1, code: 11000 }] },
    outcome: [
      { _id: 1, p: { x: 1, y: 2 } },
      { _id: 2, p: { y: 2, x: 1 } },
    ],
  },
  {
    description: "a compound unique index allows a duplicate of one field with a different other field",
    data: [{ _id: 1, a: 1, b: "x" }],
    indexes: [{ key: { a: 1, b: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, a: 1, b: "y" } },
    expected: { insertedId: 2 },
    outcome: [
      { _id: 1, a: 1, b: "x" },
      { _id: 2, a: 1, b: "y" },
    ],
  },
  {
    description: "a compound unique index refuses a duplicate of every field and reports them all",
    data: [{ _id: 1, a: 1, b: "x" }],
    indexes: [{ key: { a: 1, b: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, b: "x", a: 1 } },
    error: {
      code: 11000,
      keyPattern: { a: 1, b: 1 },
      keyValue: { a: 1, b: "x" },
      errmsg: duplicateKeyMessage("a_1_b_1", 'a: 1, b: "x"'),
    },
    outcome: [{ _id: 1, a: 1, b: "x" }],
  },
  {
    description: "a compound unique index treats a missing field as null",
    data: [{ _id: 1, a: 1 }],
    indexes: [{ key: { a: 1, b: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, a: 1, b: null } },
    error: {
      code: 11000,
      keyPattern: { a: 1, b: 1 },
      keyValue: { a: 1, b: null },
      errmsg: duplicateKeyMessage("a_1_b_1", "a: 1, b: null"),
    },
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "a non-sparse unique index makes two documents missing the field conflict on null",
    data: [{ _id: 1, name: "x" }],
    indexes: [uniqueEmail],
    operation: { name: "insertOne", document: { _id: 2, name: "y" } },
    error: {
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: null },
      errmsg: duplicateKeyMessage("email_1", "email: null"),
    },
    outcome: [{ _id: 1, name: "x" }],
  },
  {
    description: "a non-sparse unique index makes an explicit null conflict with a missing field",
    data: [{ _id: 1 }],
    indexes: [uniqueEmail],
    operation: { name: "insertOne", document: { _id: 2, email: null } },
    error: { code: 11000, keyValue: { email: null } },
    outcome: [{ _id: 1 }],
  },
  {
    description: "a sparse unique index lets many documents miss the field",
    data: [{ _id: 1, name: "x" }],
    indexes: [{ key: { email: 1 }, options: { unique: true, sparse: true } }],
    operation: { name: "insertMany", documents: [{ _id: 2 }, { _id: 3, name: "z" }] },
    expected: { insertedCount: 2, insertedIds: { 0: 2, 1: 3 } },
    outcome: [{ _id: 1, name: "x" }, { _id: 2 }, { _id: 3, name: "z" }],
  },
  {
    description: "a sparse unique index still refuses a duplicate present value",
    data: [{ _id: 1 }, { _id: 2, email: "a@x" }],
    indexes: [{ key: { email: 1 }, options: { unique: true, sparse: true } }],
    operation: { name: "insertOne", document: { _id: 3, email: "a@x" } },
    error: duplicateEmail("a@x"),
    outcome: [{ _id: 1 }, { _id: 2, email: "a@x" }],
  },
  {
    description: "a sparse unique index indexes explicit nulls, so two nulls conflict",
    data: [{ _id: 1, email: null }],
    indexes: [{ key: { email: 1 }, options: { unique: true, sparse: true } }],
    operation: { name: "insertOne", document: { _id: 2, email: null } },
    error: { code: 11000, keyValue: { email: null } },
    outcome: [{ _id: 1, email: null }],
  },
  {
    description: "a multikey unique index refuses an array sharing an element with another document",
    data: [{ _id: 1, tags: ["a", "b"] }],
    indexes: [{ key: { tags: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, tags: ["c", "b"] } },
    error: {
      code: 11000,
      keyPattern: { tags: 1 },
      keyValue: { tags: "b" },
      errmsg: duplicateKeyMessage("tags_1", 'tags: "b"'),
    },
    outcome: [{ _id: 1, tags: ["a", "b"] }],
  },
  {
    description: "a multikey unique index refuses a scalar equal to another document's array element",
    data: [{ _id: 1, tags: ["a", "b"] }],
    indexes: [{ key: { tags: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, tags: "a" } },
    error: { code: 11000, keyValue: { tags: "a" } },
    outcome: [{ _id: 1, tags: ["a", "b"] }],
  },
  {
    description: "a multikey unique index allows repeated values within one document's array",
    data: [{ _id: 1, tags: ["a"] }],
    indexes: [{ key: { tags: 1 }, options: { unique: true } }],
    operation: { name: "insertOne", document: { _id: 2, tags: ["z", "z"] } },
    expected: { insertedId: 2 },
    outcome: [
      { _id: 1, tags: ["a"] },
      { _id: 2, tags: ["z", "z"] },
    ],
  },
  {
    description: "a partial unique index ignores duplicates outside its filter",
    data: [{ _id: 1, email: "a@x", active: false }],
    indexes: [{ key: { email: 1 }, options: { unique: true, partialFilterExpression: { active: true } } }],
    operation: {
      name: "insertMany",
      documents: [
        { _id: 2, email: "a@x", active: false },
        { _id: 3, email: "a@x", active: true },
      ],
    },
    expected: { insertedCount: 2, insertedIds: { 0: 2, 1: 3 } },
    outcome: [
      { _id: 1, email: "a@x", active: false },
      { _id: 2, email: "a@x", active: false },
      { _id: 3, email: "a@x", active: true },
    ],
  },
  {
    description: "a partial unique index refuses a duplicate inside its filter",
    data: [
      { _id: 1, email: "a@x", active: true },
      { _id: 2, email: "a@x", active: false },
    ],
    indexes: [{ key: { email: 1 }, options: { unique: true, partialFilterExpression: { active: true } } }],
    operation: { name: "insertOne", document: { _id: 3, email: "a@x", active: true } },
    error: duplicateEmail("a@x"),
    outcome: [
      { _id: 1, email: "a@x", active: true },
      { _id: 2, email: "a@x", active: false },
    ],
  },
  {
    description: "a partial unique index on $exists lets many documents miss the field",
    data: [{ _id: 1, email: "a@x" }, { _id: 2 }],
    indexes: [
      { key: { email: 1 }, options: { unique: true, partialFilterExpression: { email: { $exists: true } } } },
    ],
    operation: { name: "insertOne", document: { _id: 3 } },
    expected: { insertedId: 3 },
    outcome: [{ _id: 1, email: "a@x" }, { _id: 2 }, { _id: 3 }],
  },
  {
    description: "a partial unique index refuses an update that brings a duplicate into its filter",
    data: [
      { _id: 1, email: "a@x", active: true },
      { _id: 2, email: "a@x", active: false },
    ],
    indexes: [{ key: { email: 1 }, options: { unique: true, partialFilterExpression: { active: true } } }],
    operation: { name: "updateOne", filter: { _id: 2 }, update: { $set: { active: true } } },
    error: duplicateEmail("a@x"),
    outcome: [
      { _id: 1, email: "a@x", active: true },
      { _id: 2, email: "a@x", active: false },
    ],
  },

  // --- every write path -----------------------------------------------------------------------------------
  {
    description: "a unique index makes ordered insertMany stop at the duplicate in the middle",
    data: users,
    indexes: [uniqueEmail],
    operation: {
      name: "insertMany",
      documents: [
        { _id: 3, email: "c@x" },
        { _id: 4, email: "a@x" },
        { _id: 5, email: "e@x" },
      ],
    },
    error: { code: 11000, insertedCount: 1, writeErrors: [{ index: 1, code: 11000 }] },
    outcome: [...users, { _id: 3, email: "c@x" }],
  },
  {
    description: "a unique index refuses an updateOne that sets a duplicate value and changes nothing",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "updateOne", filter: { _id: 2 }, update: { $set: { email: "a@x", n: 9 } } },
    error: duplicateEmail("a@x"),
    outcome: users,
  },
  {
    description: "a unique index allows an update that keeps a document's own value",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { email: "a@x", n: 5 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, email: "a@x", n: 5 }, userB],
  },
  {
    description: "a unique index stops updateMany at the first conflicting document, keeping earlier changes",
    data: [
      { _id: 1, e: "a", g: 1 },
      { _id: 2, e: "b", g: 1 },
      { _id: 3, e: "c", g: 2 },
    ],
    indexes: [{ key: { e: 1 }, options: { unique: true } }],
    operation: { name: "updateMany", filter: { g: 1 }, update: { $set: { e: "z" } } },
    error: {
      code: 11000,
      keyPattern: { e: 1 },
      keyValue: { e: "z" },
      errmsg: duplicateKeyMessage("e_1", 'e: "z"'),
    },
    outcome: [
      { _id: 1, e: "z", g: 1 },
      { _id: 2, e: "b", g: 1 },
      { _id: 3, e: "c", g: 2 },
    ],
  },
  {
    description: "a unique index refuses an upsert whose update sets a duplicate and inserts nothing",
    data: [{ _id: 1, email: "a@x", code: "c1" }],
    indexes: [{ key: { code: 1 }, options: { unique: true } }],
    operation: {
      name: "updateOne",
      filter: { email: "b@x" },
      update: { $set: { code: "c1" } },
      options: { upsert: true },
    },
    error: {
      code: 11000,
      keyPattern: { code: 1 },
      keyValue: { code: "c1" },
      errmsg: duplicateKeyMessage("code_1", 'code: "c1"'),
    },
    outcome: [{ _id: 1, email: "a@x", code: "c1" }],
  },
  {
    description: "a unique index refuses an upsert whose filter equalities seed a duplicate",
    data: users,
    indexes: [uniqueEmail],
    operation: {
      name: "updateOne",
      filter: { email: "a@x", n: 7 },
      update: { $set: { seen: true } },
      options: { upsert: true },
    },
    error: duplicateEmail("a@x"),
    outcome: users,
  },
  {
    description: "a unique index refuses a replaceOne with a duplicate value and changes nothing",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "replaceOne", filter: { _id: 2 }, replacement: { email: "a@x" } },
    error: duplicateEmail("a@x"),
    outcome: users,
  },
  {
    description: "a unique index refuses findOneAndUpdate with a top-level E11000 error",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "findOneAndUpdate", filter: { _id: 2 }, update: { $set: { email: "a@x" } } },
    error: { ...duplicateEmail("a@x", false), codeName: "DuplicateKey" },
    outcome: users,
  },
  {
    description: "a unique index refuses a findOneAndUpdate upsert that would insert a duplicate",
    data: users,
    indexes: [uniqueEmail],
    operation: {
      name: "findOneAndUpdate",
      filter: { _id: 3 },
      update: { $set: { email: "b@x" } },
      options: { upsert: true, returnDocument: "after" },
    },
    error: { ...duplicateEmail("b@x", false), codeName: "DuplicateKey" },
    outcome: users,
  },
  {
    description: "a unique index refuses findOneAndReplace with a duplicate value",
    data: users,
    indexes: [uniqueEmail],
    operation: { name: "findOneAndReplace", filter: { _id: 1 }, replacement: { email: "b@x" } },
    error: { ...duplicateEmail("b@x", false), codeName: "DuplicateKey" },
    outcome: users,
  },

  // --- building unique indexes ----------------------------------------------------------------------------
  {
    description: "createIndex with unique over duplicate data fails with E11000 and leaves no index",
    data: [
      { _id: 1, email: "a@x" },
      { _id: 2, email: "a@x" },
    ],
    operation: { name: "createIndex", key: { email: 1 }, options: { unique: true } },
    error: {
      code: 11000,
      codeName: "DuplicateKey",
      errmsg: duplicateKeyMessage("email_1", 'email: "a@x"', false),
    },
    outcome: [
      { _id: 1, email: "a@x" },
      { _id: 2, email: "a@x" },
    ],
    indexNamesAfter: ["_id_"],
  },
  {
    description: "createIndex with unique over two documents missing the field fails on null",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: { name: "createIndex", key: { email: 1 }, options: { unique: true } },
    error: { code: 11000, errmsg: duplicateKeyMessage("email_1", "email: null", false) },
    indexNamesAfter: ["_id_"],
  },
  {
    description: "createIndex with unique and sparse over documents missing the field succeeds",
    data: [{ _id: 1 }, { _id: 2 }, { _id: 3, email: "a@x" }],
    operation: { name: "createIndex", key: { email: 1 }, options: { unique: true, sparse: true } },
    expected: "email_1",
    indexNamesAfter: ["_id_", "email_1"],
  },
];
