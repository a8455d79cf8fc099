import { Decimal128, Long, type ReplaceOptions, type UpdateOptions } from "mongodb";
import { anyObjectId, anyTimestamp, recentDate, updated, upserted, type ConformanceCase } from "./case.ts";

/** A Decimal128 from its string, scale included ("1.10" is not "1.1"). */
const dec = (value: string): Decimal128 => Decimal128.fromString(value);

const jan = new Date("2024-01-15T00:00:00.000Z");
const mar = new Date("2024-03-15T00:00:00.000Z");

const order = {
  _id: 1,
  items: [
    { sku: "a", qty: 1 },
    { sku: "b", qty: 5 },
    { sku: "c", qty: 2 },
  ],
};

/** updateOne, updateMany and replaceOne: every update operator, array updates, pipelines, upserts, errors. */
export const updateCases: ConformanceCase[] = [
  // --- $set and $unset -----------------------------------------------------------------------------------
  {
    description: "updateOne with $set changes a field in place and appends a new one",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { a: 10, c: 3 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: 10, b: 2, c: 3 }],
  },
  {
    description: "updateOne with $set adds several new fields in lexicographic order",
    data: [{ _id: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { z: 1, a: 2, m: 3 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: 2, m: 3, z: 1 }],
  },
  {
    description: "updateOne with $set on a dotted path creates the embedded documents",
    data: [{ _id: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "a.b.c": 1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: { b: { c: 1 } } }],
  },
  {
    description: "updateOne with $set on an array index replaces that element",
    data: [{ _id: 1, arr: [1, 2, 3] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "arr.1": 20 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, arr: [1, 20, 3] }],
  },
  {
    description: "updateOne with $set on an index past the end pads the array with nulls",
    data: [{ _id: 1, arr: [1] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "arr.3": 4 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, arr: [1, null, null, 4] }],
  },
  {
    description: "updateOne with $set to the value already there is matched but not modified",
    data: [{ _id: 1, a: 1, p: { q: [1, 2] } }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { a: 1, p: { q: [1, 2] } } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1, p: { q: [1, 2] } }],
  },
  {
    description: "updateOne with an empty $set matches and changes nothing",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: {} } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with $set through a scalar fails with PathNotViable and changes nothing",
    data: [{ _id: 1, a: 5 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "a.b": 1 } } },
    error: { code: 28, codeName: "PathNotViable" },
    outcome: [{ _id: 1, a: 5 }],
  },
  {
    description: "updateOne with $unset removes the fields",
    data: [{ _id: 1, a: 1, b: 2, p: { q: 1, r: 2 } }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $unset: { a: "", "p.q": 1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, b: 2, p: { r: 2 } }],
  },
  {
    description: "updateOne with $unset of a missing field is matched but not modified",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $unset: { nope: "" } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with $unset of an array element sets it to null",
    data: [{ _id: 1, arr: [1, 2, 3] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $unset: { "arr.1": "" } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, arr: [1, null, 3] }],
  },

  // --- arithmetic: $inc $mul $min $max $bit -------------------------------------------------------------
  {
    description: "updateOne with $inc adds to existing fields and creates missing ones",
    data: [{ _id: 1, n: 5, f: 1.5 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: -2, f: 1, m: 4 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: 3, f: 2.5, m: 4 }],
  },
  {
    description: "updateOne with $set stores Decimal128 and Date values with their types",
    data: [{ _id: 1, price: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $set: { price: Decimal128.fromString("9.90"), at: jan } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, price: Decimal128.fromString("9.90"), at: jan }],
  },
  {
    description: "updateOne with $min compares a Decimal128 field with a number by value",
    data: [{ _id: 1, low: Decimal128.fromString("1.10"), high: Decimal128.fromString("5.50") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $min: { low: 2, high: 3 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, low: Decimal128.fromString("1.10"), high: 3 }],
  },
  {
    description: "updateOne with $inc on an array index path updates that element's field",
    data: [order],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { "items.1.qty": 3 } } },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        items: [
          { sku: "a", qty: 1 },
          { sku: "b", qty: 8 },
          { sku: "c", qty: 2 },
        ],
      },
    ],
  },
  {
    description: "updateOne with $inc on a string fails with TypeMismatch and changes nothing",
    data: [{ _id: 1, n: "5" }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: 1 } } },
    error: { code: 14, codeName: "TypeMismatch" },
    outcome: [{ _id: 1, n: "5" }],
  },
  {
    description: "updateOne with a non-numeric $inc argument fails with TypeMismatch",
    data: [{ _id: 1, n: 5 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: "1" } } },
    error: { code: 14, codeName: "TypeMismatch" },
    outcome: [{ _id: 1, n: 5 }],
  },
  {
    description: "updateOne with $mul multiplies, and sets a missing field to zero",
    data: [{ _id: 1, n: 4, f: 1.5 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $mul: { n: 3, f: 2, missing: 7 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: 12, f: 3, missing: 0 }],
  },
  {
    description: "updateOne with $min and $max keep the smaller and larger value",
    data: [{ _id: 1, lo: 5, hi: 5, keep: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $min: { lo: 2, keep: 3 }, $max: { hi: 9 } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, lo: 2, hi: 9, keep: 1 }],
  },
  {
    description: "updateOne with $max compares dates and creates a missing field",
    data: [{ _id: 1, seen: jan }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $max: { seen: mar, first: jan } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, seen: mar, first: jan }],
  },
  {
    description: "updateOne with $max lower than the current value is matched but not modified",
    data: [{ _id: 1, hi: 10 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $max: { hi: 3 } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, hi: 10 }],
  },
  {
    description: "updateOne with $bit applies and, or and xor",
    data: [{ _id: 1, a: 13, o: 13, x: 13 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $bit: { a: { and: 10 }, o: { or: 10 }, x: { xor: 10 } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: 8, o: 15, x: 7 }],
  },

  // --- Decimal128 and Long arithmetic ---------------------------------------------------------------------
  {
    description: "updateOne with $inc on a Decimal128 field adds in decimal and keeps the type",
    data: [{ _id: 1, price: dec("1.10") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { price: 2 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, price: dec("3.10") }],
  },
  {
    description: "updateOne with $inc adds Decimal128 amounts of different scales exactly",
    data: [{ _id: 1, seized: dec("2604944201.50") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { seized: dec("0.005") } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, seized: dec("2604944201.505") }],
  },
  {
    description: "updateOne with $inc of a Decimal128 turns an int field into a Decimal128",
    data: [{ _id: 1, n: 5 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: dec("0.25") } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: dec("5.25") }],
  },
  {
    description: "updateOne with negative $inc amounts subtracts from Decimal128 fields",
    data: [{ _id: 1, budget: dec("100.00"), spent: dec("0.50") }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $inc: { budget: dec("-0.01"), spent: -1 } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, budget: dec("99.99"), spent: dec("-0.50") }],
  },
  {
    description: "updateOne with $inc of a double into a Decimal128 counts the double to 15 digits",
    data: [{ _id: 1, price: dec("1.10") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { price: 0.1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, price: dec("1.200000000000000") }],
  },
  {
    description: "updateOne with $inc rounds a Decimal128 result past 34 digits half to even",
    data: [
      {
        _id: 1,
        even: dec("1234567890123456789012345678901234"),
        odd: dec("1234567890123456789012345678901235"),
        nines: dec("9999999999999999999999999999999999"),
      },
    ],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $inc: { even: dec("0.5"), odd: dec("0.5"), nines: 1 } },
    },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        even: dec("1234567890123456789012345678901234"),
        odd: dec("1234567890123456789012345678901236"),
        nines: dec("1.000000000000000000000000000000000E+34"),
      },
    ],
  },
  {
    description: "updateOne with $mul multiplies a Decimal128 field by an int and by a Decimal128",
    data: [{ _id: 1, price: dec("2.50"), rate: dec("1.5") }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $mul: { price: 3, rate: dec("1.10") } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, price: dec("7.50"), rate: dec("1.650") }],
  },
  {
    description: "updateOne with $inc and $mul of a Decimal128 on missing fields sets the amount and a zero",
    data: [{ _id: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $inc: { fee: dec("0.005") }, $mul: { tax: dec("0.18") } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, fee: dec("0.005"), tax: dec("0.00") }],
  },
  {
    description: "updateOne with $inc of zero on a Decimal128 is matched but not modified",
    data: [{ _id: 1, price: dec("1.10") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { price: 0 } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, price: dec("1.10") }],
  },
  {
    description: "updateMany with a Decimal128 $inc modifies only the documents whose value or type changes",
    data: [
      { _id: 1, p: dec("1.10") },
      { _id: 2, p: dec("0") },
      { _id: 3, p: 4 },
      { _id: 4, p: dec("2") },
    ],
    operation: { name: "updateMany", filter: {}, update: { $inc: { p: dec("0.00") } } },
    expected: updated(4, 1),
    outcome: [
      { _id: 1, p: dec("1.10") },
      { _id: 2, p: dec("0") },
      { _id: 3, p: dec("4.00") },
      { _id: 4, p: dec("2") },
    ],
  },
  {
    description: "updateOne with $set of the same Decimal128 in another scale is a modification",
    data: [{ _id: 1, price: dec("9.9") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { price: dec("9.90") } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, price: dec("9.90") }],
  },
  {
    description: "updateOne with $inc on a Long past 2^53 stays exact",
    data: [{ _id: 1, n: Long.fromString("9007199254740993") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: 1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: Long.fromString("9007199254740994") }],
  },
  {
    description: "updateOne with $inc of one on a Long near 2^60 stores the change doubles cannot see",
    data: [{ _id: 1, n: Long.fromString("1152921504606846976") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: 1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: Long.fromString("1152921504606846977") }],
  },
  {
    description: "updateOne with $inc of a Long past 2^53 turns an int field into that exact Long",
    data: [{ _id: 1, n: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $inc: { n: Long.fromString("9007199254740993") } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: Long.fromString("9007199254740994") }],
  },
  {
    description: "updateOne with $mul of a Long past 2^53 by an int stays exact",
    data: [{ _id: 1, n: Long.fromString("9007199254740993") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $mul: { n: 3 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, n: Long.fromString("27021597764222979") }],
  },
  {
    description: "updateOne with $inc past the Long range fails with BadValue and changes nothing",
    data: [{ _id: 1, n: Long.MAX_VALUE }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { n: 1 } } },
    error: {
      code: 2,
      codeName: "BadValue",
      errmsg:
        /Failed to apply \$inc operations to current value \(\(NumberLong\)9223372036854775807\) for document \{_id: 1\}/,
    },
    outcome: [{ _id: 1, n: Long.MAX_VALUE }],
  },
  {
    description: "updateOne with $mul past the Long range fails with BadValue and changes nothing",
    data: [{ _id: 1, n: Long.fromString("4611686018427387904") }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $mul: { n: 2 } } },
    error: {
      code: 2,
      codeName: "BadValue",
      errmsg:
        /Failed to apply \$mul operations to current value \(\(NumberLong\)4611686018427387904\) for document \{_id: 1\}/,
    },
    outcome: [{ _id: 1, n: Long.fromString("4611686018427387904") }],
  },
  {
    description: "updateOne with $inc through $[] adds a Decimal128 to every element",
    data: [{ _id: 1, lines: [{ spent: dec("1.10") }, { spent: 2 }] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $inc: { "lines.$[].spent": dec("0.05") } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, lines: [{ spent: dec("1.15") }, { spent: dec("2.05") }] }],
  },
  {
    description: "updateOne with $inc through $ adds a Decimal128 to the element the filter matched",
    data: [
      {
        _id: 1,
        lines: [
          { code: "a", spent: dec("1.00") },
          { code: "b", spent: dec("2.00") },
        ],
      },
    ],
    operation: {
      name: "updateOne",
      filter: { _id: 1, "lines.code": "b" },
      update: { $inc: { "lines.$.spent": dec("10.50") } },
    },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        lines: [
          { code: "a", spent: dec("1.00") },
          { code: "b", spent: dec("12.50") },
        ],
      },
    ],
  },
  {
    description: "updateOne with $mul through $[elem] multiplies the Decimal128 elements the filter matches",
    data: [{ _id: 1, fines: [dec("10.00"), dec("20.00"), 5] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $mul: { "fines.$[big]": dec("1.5") } },
      options: { arrayFilters: [{ big: { $gte: 10 } }] },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, fines: [dec("15.000"), dec("30.000"), 5] }],
  },
  {
    description: "updateOne with upsert and a Decimal128 $inc inserts the amount",
    data: [],
    operation: {
      name: "updateOne",
      filter: { _id: "lima" },
      update: { $inc: { seized: dec("2604944201.50") } },
      options: { upsert: true },
    },
    expected: upserted("lima"),
    outcome: [{ _id: "lima", seized: dec("2604944201.50") }],
  },
  {
    description: "updateOne with upsert applies a Decimal128 $inc to a seeded amount",
    data: [],
    operation: {
      name: "updateOne",
      filter: { _id: "cusco", budget: dec("1000.00") },
      update: { $inc: { budget: dec("-250.50") } },
      options: { upsert: true },
    },
    expected: upserted("cusco"),
    outcome: [{ _id: "cusco", budget: dec("749.50") }],
  },
  {
    description: "updateOne with upsert and a Long $inc past 2^53 inserts it exactly",
    data: [],
    operation: {
      name: "updateOne",
      filter: { _id: 3 },
      update: { $inc: { n: Long.fromString("9007199254740993") } },
      options: { upsert: true },
    },
    expected: upserted(3),
    outcome: [{ _id: 3, n: Long.fromString("9007199254740993") }],
  },

  // --- $rename and $currentDate ---------------------------------------------------------------------------
  {
    description: "updateOne with $rename moves the value to the new name at the end of the document",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $rename: { a: "z" } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, b: 2, z: 1 }],
  },
  {
    description: "updateOne with $rename into an embedded path creates it",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $rename: { a: "p.q" } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, p: { q: 1 } }],
  },
  {
    description: "updateOne with $rename onto an existing field overwrites it",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $rename: { a: "b" } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, b: 1 }],
  },
  {
    description: "updateOne with $rename of a missing field is matched but not modified",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $rename: { nope: "other" } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with $currentDate sets dates and timestamps",
    data: [{ _id: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $currentDate: { a: true, b: { $type: "date" }, c: { $type: "timestamp" } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: recentDate, b: recentDate, c: anyTimestamp }],
  },

  // --- array operators ------------------------------------------------------------------------------------
  {
    description: "updateOne with $push appends to an array and creates a missing one",
    data: [{ _id: 1, tags: ["a"] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $push: { tags: "b", other: 1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["a", "b"], other: [1] }],
  },
  {
    description: "updateOne with $push of an array value appends it as one element",
    data: [{ _id: 1, tags: ["a"] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $push: { tags: ["b", "c"] } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["a", ["b", "c"]] }],
  },
  {
    description: "updateOne with $push and $each appends every value",
    data: [{ _id: 1, tags: ["a"] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $push: { tags: { $each: ["b", "c"] } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["a", "b", "c"] }],
  },
  {
    description: "updateOne with $push, $each, $sort and $slice keeps the top entries",
    data: [{ _id: 1, scores: [{ s: 5 }, { s: 9 }] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $push: { scores: { $each: [{ s: 7 }, { s: 1 }], $sort: { s: -1 }, $slice: 2 } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, scores: [{ s: 9 }, { s: 7 }] }],
  },
  {
    description: "updateOne with $push and $position inserts at that index",
    data: [{ _id: 1, list: [1, 2, 3] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $push: { list: { $each: [8, 9], $position: 1 } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: [1, 8, 9, 2, 3] }],
  },
  {
    description: "updateOne with $push and a negative $slice keeps the last elements",
    data: [{ _id: 1, list: [1, 2, 3] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $push: { list: { $each: [4, 5], $slice: -3 } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: [3, 4, 5] }],
  },
  {
    description: "updateOne with $push, an empty $each and $sort sorts the existing elements",
    data: [{ _id: 1, list: [3, 1, 2] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $push: { list: { $each: [], $sort: 1 } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: [1, 2, 3] }],
  },
  {
    description: "updateOne with $push to a non-array field fails with BadValue and changes nothing",
    data: [{ _id: 1, tags: "a" }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $push: { tags: "b" } } },
    error: { code: 2, codeName: "BadValue" },
    outcome: [{ _id: 1, tags: "a" }],
  },
  {
    description: "updateOne with $addToSet adds a missing value and leaves an existing one",
    data: [{ _id: 1, tags: ["a", "b"] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $addToSet: { tags: "c" } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["a", "b", "c"] }],
  },
  {
    description: "updateOne with $addToSet of a value already present is matched but not modified",
    data: [{ _id: 1, tags: ["a", "b"] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $addToSet: { tags: "a" } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, tags: ["a", "b"] }],
  },
  {
    description: "updateOne with $addToSet and $each adds only the values not yet present",
    data: [{ _id: 1, tags: ["a", "b"] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $addToSet: { tags: { $each: ["b", "c", "c", "d"] } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, tags: ["a", "b", "c", "d"] }],
  },
  {
    description: "updateOne with $pull removes every element equal to the value",
    data: [{ _id: 1, list: [1, 2, 1, 3] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $pull: { list: 1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: [2, 3] }],
  },
  {
    description: "updateOne with $pull and a condition removes every matching element",
    data: [{ _id: 1, list: [1, 6, 2, 9, 5] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $pull: { list: { $gte: 5 } } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: [1, 2] }],
  },
  {
    description: "updateOne with $pull and a document condition removes matching embedded documents",
    data: [order],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $pull: { items: { qty: { $lt: 3 } } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, items: [{ sku: "b", qty: 5 }] }],
  },
  {
    description: "updateOne with $pull and $in removes any of the listed values",
    data: [{ _id: 1, list: ["a", "b", "c", "b"] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $pull: { list: { $in: ["b", "c"] } } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: ["a"] }],
  },
  {
    description: "updateOne with $pullAll removes every listed value",
    data: [{ _id: 1, list: [0, 5, 1, 5, 2] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $pullAll: { list: [5, 2] } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, list: [0, 1] }],
  },
  {
    description: "updateOne with $pop removes the last (1) or first (-1) element",
    data: [{ _id: 1, a: [1, 2, 3], b: [1, 2, 3] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $pop: { a: 1, b: -1 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: [1, 2], b: [2, 3] }],
  },
  {
    description: "updateOne with $pop on an empty array is matched but not modified",
    data: [{ _id: 1, a: [] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $pop: { a: 1 } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: [] }],
  },

  // --- positional updates ---------------------------------------------------------------------------------
  {
    description: "updateOne with arrayFilters updates only the elements $[elem] matches",
    data: [{ _id: 1, grades: [95, 102, 90, 150] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $set: { "grades.$[g]": 100 } },
      options: { arrayFilters: [{ g: { $gte: 100 } }] },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, grades: [95, 100, 90, 100] }],
  },
  {
    description: "updateOne with arrayFilters on embedded documents updates a field of the matched ones",
    data: [order],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $inc: { "items.$[it].qty": 10 } },
      options: { arrayFilters: [{ "it.qty": { $lt: 3 } }] },
    },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        items: [
          { sku: "a", qty: 11 },
          { sku: "b", qty: 5 },
          { sku: "c", qty: 12 },
        ],
      },
    ],
  },
  {
    description: "updateOne with $[elem] and no matching array filter fails with BadValue",
    data: [{ _id: 1, grades: [1, 2] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "grades.$[g]": 0 } } },
    error: { code: 2, codeName: "BadValue" },
    outcome: [{ _id: 1, grades: [1, 2] }],
  },
  {
    description: "updateOne with an array filter the update does not use fails with FailedToParse",
    data: [{ _id: 1, grades: [1, 2] }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $set: { "grades.$[g]": 0 } },
      options: { arrayFilters: [{ g: 1 }, { unused: 2 }] },
    },
    error: { code: 9, codeName: "FailedToParse" },
    outcome: [{ _id: 1, grades: [1, 2] }],
  },
  {
    description: "updateOne with $[] updates every element of the array",
    data: [{ _id: 1, grades: [1, 2, 3] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $inc: { "grades.$[]": 10 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, grades: [11, 12, 13] }],
  },
  {
    description: "updateOne with $[] sets a field in every embedded document",
    data: [order],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "items.$[].done": true } } },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        items: [
          { sku: "a", qty: 1, done: true },
          { sku: "b", qty: 5, done: true },
          { sku: "c", qty: 2, done: true },
        ],
      },
    ],
  },
  {
    description: "updateOne with the positional $ updates the first array element the filter matched",
    data: [{ _id: 1, grades: [80, 85, 85, 90] }],
    operation: { name: "updateOne", filter: { _id: 1, grades: 85 }, update: { $set: { "grades.$": 86 } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, grades: [80, 86, 85, 90] }],
  },
  {
    description: "updateOne with the positional $ updates a field of the matched embedded document",
    data: [order],
    operation: {
      name: "updateOne",
      filter: { "items.sku": "c" },
      update: { $inc: { "items.$.qty": 1 } },
    },
    expected: updated(1, 1),
    outcome: [
      {
        _id: 1,
        items: [
          { sku: "a", qty: 1 },
          { sku: "b", qty: 5 },
          { sku: "c", qty: 3 },
        ],
      },
    ],
  },
  {
    description: "updateOne with the positional $ and no array in the filter fails with BadValue",
    data: [{ _id: 1, grades: [1, 2] }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "grades.$": 0 } } },
    error: { code: 2, codeName: "BadValue" },
    outcome: [{ _id: 1, grades: [1, 2] }],
  },

  // --- counts ---------------------------------------------------------------------------------------------
  {
    description: "updateOne changes only the first matching document in natural order",
    data: [
      { _id: 2, k: 1 },
      { _id: 1, k: 1 },
    ],
    operation: { name: "updateOne", filter: { k: 1 }, update: { $set: { hit: true } } },
    expected: updated(1, 1),
    outcome: [
      { _id: 1, k: 1 },
      { _id: 2, k: 1, hit: true },
    ],
  },
  {
    description: "updateMany counts every match and only the documents it actually changed",
    data: [
      { _id: 1, k: 1, v: 0 },
      { _id: 2, k: 1, v: 5 },
      { _id: 3, k: 1, v: 0 },
      { _id: 4, k: 2, v: 0 },
    ],
    operation: { name: "updateMany", filter: { k: 1 }, update: { $set: { v: 5 } } },
    expected: updated(3, 2),
    outcome: [
      { _id: 1, k: 1, v: 5 },
      { _id: 2, k: 1, v: 5 },
      { _id: 3, k: 1, v: 5 },
      { _id: 4, k: 2, v: 0 },
    ],
  },
  {
    description: "updateMany with an empty filter updates every document",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: { name: "updateMany", filter: {}, update: { $inc: { n: 1 } } },
    expected: updated(2, 2),
    outcome: [
      { _id: 1, n: 1 },
      { _id: 2, n: 1 },
    ],
  },
  {
    description: "updateOne that matches nothing reports zero matched and zero modified",
    data: [{ _id: 1 }],
    operation: { name: "updateOne", filter: { _id: 2 }, update: { $set: { a: 1 } } },
    expected: updated(0, 0),
    outcome: [{ _id: 1 }],
  },

  // --- pipeline updates -----------------------------------------------------------------------------------
  {
    description: "updateOne with a pipeline $set computes fields from the document",
    data: [{ _id: 1, a: 2, b: 3 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: [{ $set: { total: { $add: ["$a", "$b"] }, label: { $concat: ["n", { $toString: "$a" }] } } }],
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: 2, b: 3, total: 5, label: "n2" }],
  },
  {
    description: "updateMany with a pipeline $unset removes fields from each document",
    data: [
      { _id: 1, a: 1, tmp: 1, x: 1 },
      { _id: 2, a: 2, tmp: 2 },
      { _id: 3, a: 3 },
    ],
    operation: { name: "updateMany", filter: {}, update: [{ $unset: ["tmp", "x"] }] },
    expected: updated(3, 2),
    outcome: [
      { _id: 1, a: 1 },
      { _id: 2, a: 2 },
      { _id: 3, a: 3 },
    ],
  },
  {
    description: "updateOne with a pipeline $replaceWith replaces the document and keeps its _id",
    data: [{ _id: 1, a: 1, status: "old" }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: [{ $replaceWith: { $mergeObjects: ["$$ROOT", { status: "new", seen: true }] } }],
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: 1, status: "new", seen: true }],
  },
  {
    description: "updateOne with a pipeline $set of $$NOW stores the current date",
    data: [{ _id: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: [{ $set: { at: "$$NOW" } }] },
    expected: updated(1, 1),
    outcome: [{ _id: 1, at: recentDate }],
  },
  {
    description: "updateOne with a pipeline that changes nothing is matched but not modified",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: [{ $set: { a: { $literal: 1 } } }] },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with a stage not allowed in an update pipeline fails with InvalidOptions",
    data: [{ _id: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: [{ $match: { _id: 1 } }] },
    error: { code: 72, codeName: "InvalidOptions" },
    outcome: [{ _id: 1 }],
  },

  // --- upserts --------------------------------------------------------------------------------------------
  {
    description: "updateOne with upsert inserts the filter's equality fields and $setOnInsert",
    data: [],
    operation: {
      name: "updateOne",
      filter: { name: "x" },
      update: { $set: { b: 2 }, $setOnInsert: { c: 3 } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, name: "x", b: 2, c: 3 }],
  },
  {
    description: "updateOne with upsert applies $setOnInsert only when it inserts",
    data: [{ _id: 1, name: "x" }],
    operation: {
      name: "updateOne",
      filter: { name: "x" },
      update: { $set: { b: 2 }, $setOnInsert: { c: 3 } },
      options: { upsert: true },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, name: "x", b: 2 }],
  },
  {
    description: "updateOne with only $setOnInsert on a matched document is not modified",
    data: [{ _id: 1, name: "x" }],
    operation: {
      name: "updateOne",
      filter: { name: "x" },
      update: { $setOnInsert: { c: 3 } },
      options: { upsert: true },
    },
    expected: updated(1, 0),
    outcome: [{ _id: 1, name: "x" }],
  },
  {
    description: "updateOne with upsert adds the update's new fields after the seeded ones, by name",
    data: [],
    operation: {
      name: "updateOne",
      filter: { name: "x" },
      update: { $set: { zone: 1 }, $inc: { count: 1 }, $setOnInsert: { created: true } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, name: "x", count: 1, created: true, zone: 1 }],
  },
  {
    description: "updateOne with $set creates nested fields of a new embedded document in name order",
    data: [{ _id: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $set: { "p.z": 1, "p.b": 2, "arr.10": 1 } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, arr: { 10: 1 }, p: { b: 2, z: 1 } }],
  },
  {
    description: "updateOne with upsert takes the _id from an _id equality in the filter",
    data: [],
    operation: {
      name: "updateOne",
      filter: { _id: 7 },
      update: { $set: { a: 1 } },
      options: { upsert: true },
    },
    expected: upserted(7),
    outcome: [{ _id: 7, a: 1 }],
  },
  {
    description: "updateOne with upsert seeds from $eq conditions",
    data: [],
    operation: {
      name: "updateOne",
      filter: { k: { $eq: "x" } },
      update: { $set: { n: 1 } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, k: "x", n: 1 }],
  },
  {
    description: "updateOne with upsert seeds from the equalities inside $and",
    data: [],
    operation: {
      name: "updateOne",
      filter: { $and: [{ a: 1 }, { b: 2 }] },
      update: { $set: { c: 3 } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, a: 1, b: 2, c: 3 }],
  },
  {
    description: "updateOne with upsert expands dotted equality paths into embedded documents",
    data: [],
    operation: {
      name: "updateOne",
      filter: { "p.q": 1, "p.r": "s" },
      update: { $set: { n: 1 } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, p: { q: 1, r: "s" }, n: 1 }],
  },
  {
    description: "updateOne with upsert leaves out range, regex and $in conditions",
    data: [],
    operation: {
      name: "updateOne",
      filter: { k: "x", n: { $gt: 5 }, s: /^a/, t: { $in: [1, 2] } },
      update: { $set: { done: true } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, k: "x", done: true }],
  },
  {
    description: "updateOne with upsert applies operators to the seeded fields",
    data: [],
    operation: {
      name: "updateOne",
      filter: { k: "x", n: 1 },
      update: { $inc: { n: 5 }, $push: { log: "created" } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, k: "x", n: 6, log: ["created"] }],
  },
  {
    description: "updateOne with upsert may set the _id through $setOnInsert",
    data: [],
    operation: {
      name: "updateOne",
      filter: { k: "x" },
      update: { $setOnInsert: { _id: "chosen" }, $set: { n: 1 } },
      options: { upsert: true },
    },
    expected: upserted("chosen"),
    outcome: [{ _id: "chosen", k: "x", n: 1 }],
  },
  {
    description: "updateOne with upsert and a pipeline update seeds from the filter first",
    data: [],
    operation: {
      name: "updateOne",
      filter: { k: "x" },
      update: [{ $set: { n: { $add: [1, 1] }, copy: "$k" } }],
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, k: "x", n: 2, copy: "x" }],
  },
  {
    description: "updateMany with upsert and no match inserts exactly one document",
    data: [{ _id: 1, k: "y" }],
    operation: {
      name: "updateMany",
      filter: { k: "x" },
      update: { $set: { n: 1 } },
      options: { upsert: true },
    },
    expected: upserted(anyObjectId),
    outcome: [
      { _id: 1, k: "y" },
      { _id: anyObjectId, k: "x", n: 1 },
    ],
  },

  // --- replaceOne -----------------------------------------------------------------------------------------
  {
    description: "replaceOne replaces every field but keeps the _id",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "replaceOne", filter: { a: 1 }, replacement: { c: 3 } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, c: 3 }],
  },
  {
    description: "replaceOne with the same _id in the replacement succeeds",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "replaceOne", filter: { _id: 1 }, replacement: { _id: 1, a: 2 } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, a: 2 }],
  },
  {
    description: "replaceOne with an identical document is matched but not modified",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "replaceOne", filter: { _id: 1 }, replacement: { a: 1 } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "replaceOne with a different _id fails with ImmutableField and changes nothing",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "replaceOne", filter: { _id: 1 }, replacement: { _id: 2, a: 2 } },
    error: { code: 66, codeName: "ImmutableField" },
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "replaceOne with upsert inserts the replacement with a generated _id, not the filter fields",
    data: [],
    operation: { name: "replaceOne", filter: { k: "x" }, replacement: { v: 1 }, options: { upsert: true } },
    expected: upserted(anyObjectId),
    outcome: [{ _id: anyObjectId, v: 1 }],
  },
  {
    description: "replaceOne with upsert takes the _id from the filter",
    data: [],
    operation: { name: "replaceOne", filter: { _id: 9 }, replacement: { v: 1 }, options: { upsert: true } },
    expected: upserted(9),
    outcome: [{ _id: 9, v: 1 }],
  },

  // --- errors ---------------------------------------------------------------------------------------------
  {
    description: "updateOne with $set of a different _id fails with ImmutableField and changes nothing",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { _id: 2, a: 2 } } },
    error: { code: 66, codeName: "ImmutableField" },
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with $set of the same _id is matched but not modified",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { _id: 1 } } },
    expected: updated(1, 0),
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with $unset of _id fails with ImmutableField",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $unset: { _id: "" } } },
    error: { code: 66, codeName: "ImmutableField" },
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateMany that would change the _id fails with ImmutableField and changes nothing",
    data: [
      { _id: 1, a: 1 },
      { _id: 2, a: 1 },
    ],
    operation: { name: "updateMany", filter: { a: 1 }, update: { $inc: { _id: 10 } } },
    error: { code: 66, codeName: "ImmutableField" },
    outcome: [
      { _id: 1, a: 1 },
      { _id: 2, a: 1 },
    ],
  },
  {
    description: "updateOne with an unknown update operator fails with FailedToParse",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $foo: { a: 2 } } },
    error: { code: 9, codeName: "FailedToParse", errmsg: /^Unknown modifier: \$foo/ },
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne with $set and $inc on the same path fails with ConflictingUpdateOperators",
    data: [{ _id: 1, a: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { a: 1 }, $inc: { a: 1 } } },
    error: {
      code: 40,
      codeName: "ConflictingUpdateOperators",
      errmsg: "Updating the path 'a' would create a conflict at 'a'",
    },
    outcome: [{ _id: 1, a: 1 }],
  },
  {
    description: "updateOne touching a path and its parent fails with ConflictingUpdateOperators",
    data: [{ _id: 1, a: { b: 1 } }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "a.b": 2 }, $unset: { a: "" } } },
    error: { code: 40, codeName: "ConflictingUpdateOperators" },
    outcome: [{ _id: 1, a: { b: 1 } }],
  },
  {
    description:
      "updateOne renaming onto a field another operator sets fails with ConflictingUpdateOperators",
    data: [{ _id: 1, a: 1, b: 2 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { a: 5 }, $rename: { b: "a" } } },
    error: { code: 40, codeName: "ConflictingUpdateOperators" },
    outcome: [{ _id: 1, a: 1, b: 2 }],
  },
  {
    description: "updateOne with a pipeline $replaceRoot to an embedded document keeps the document's _id",
    data: [{ _id: 1, t: { u: { v: 1 } } }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: [{ $replaceRoot: { newRoot: "$t" } }, { $addFields: { foo: 1 } }],
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, u: { v: 1 }, foo: 1 }],
  },
  {
    description:
      "updateMany with let evaluates the variables once ($literal kept as written) for $expr and the pipeline",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: {
      name: "updateMany",
      filter: { $expr: { $eq: ["$_id", "$$id"] } },
      update: [{ $set: { x: "$$x", y: "$$y" } }],
      options: { let: { id: 2, x: "foo", y: { $literal: "$bar" } } },
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1 }, { _id: 2, x: "foo", y: "$bar" }],
  },
  {
    description: "updateOne with a let variable name starting with a capital letter fails to parse",
    data: [{ _id: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: { $set: { x: 1 } },
      options: { let: { Bad: 1 } },
    },
    error: { code: 9 },
    outcome: [{ _id: 1 }],
  },
  {
    description:
      "updateOne with sort fails as on MongoDB 7.0, where sort is an unknown field of an update statement",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: {
      name: "updateOne",
      filter: {},
      update: { $set: { x: 1 } },
      options: { sort: { _id: -1 } } as UpdateOptions,
    },
    error: { code: 40415, errmsg: "BSON field 'update.updates.sort' is an unknown field." },
    outcome: [{ _id: 1 }, { _id: 2 }],
  },
  {
    description:
      "replaceOne with sort fails as on MongoDB 7.0, where sort is an unknown field of an update statement",
    data: [{ _id: 1 }, { _id: 2 }],
    operation: {
      name: "replaceOne",
      filter: {},
      replacement: { x: 1 },
      options: { sort: { _id: -1 } } as ReplaceOptions,
    },
    error: { code: 40415 },
    outcome: [{ _id: 1 }, { _id: 2 }],
  },
  {
    description: "updateOne with $set of a top-level dollar-prefixed field on an existing document fails",
    data: [{ _id: 1 }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { $a: 1 } } },
    error: { code: 52, codeName: "DollarPrefixedFieldName" },
    outcome: [{ _id: 1 }],
  },
  {
    description:
      "updateOne with upsert inserts a top-level dollar-prefixed field from $set, validated as an insert",
    data: [],
    operation: {
      name: "updateOne",
      filter: { _id: 7 },
      update: { $set: { phone: 25, $hotel: 320 } },
      options: { upsert: true },
    },
    expected: upserted(7),
    outcome: [{ _id: 7, phone: 25, $hotel: 320 }],
  },
  {
    description: "updateOne with $set of a nested dollar-prefixed field changes it",
    data: [{ _id: 1, address: { $street: "Elm", n: 1 } }],
    operation: { name: "updateOne", filter: { _id: 1 }, update: { $set: { "address.$street": "Oak" } } },
    expected: updated(1, 1),
    outcome: [{ _id: 1, address: { $street: "Oak", n: 1 } }],
  },
  {
    description: "updateOne with a pipeline $setField adds top-level dollar-prefixed and dotted fields",
    data: [{ _id: 1 }],
    operation: {
      name: "updateOne",
      filter: { _id: 1 },
      update: [
        { $replaceWith: { $setField: { field: { $literal: "$a" }, value: 1, input: "$$ROOT" } } },
        { $replaceWith: { $setField: { field: "a.b", value: 2, input: "$$ROOT" } } },
      ],
    },
    expected: updated(1, 1),
    outcome: [{ _id: 1, $a: 1, "a.b": 2 }],
  },
];
