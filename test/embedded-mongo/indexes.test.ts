import type { Collection, Db, Document } from "mongodb";
import { beforeAll, describe, expect, it } from "vitest";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();

/** Size of the collection the lookups run against: a scan shows up as this many documents examined. */
const SIZE = 10_000;

interface Item extends Document {
  _id: number;
  code: string;
  cat: string;
  a: number;
  b: number;
  free: number;
}

function item(i: number): Item {
  // 100 categories of 100 documents; each (a, b) pair holds 20 documents.
  return { _id: i, code: `c${i}`, cat: `cat${i % 100}`, a: i % 10, b: Math.floor(i / 10) % 50, free: i };
}

/** Documents examined on a namespace while `run` executes. */
async function examinedBy(ns: string, run: () => Promise<unknown>): Promise<number> {
  const before = mongo.server.stats().namespaces[ns]?.docsExamined ?? 0;
  await run();
  return (mongo.server.stats().namespaces[ns]?.docsExamined ?? 0) - before;
}

/** Runs a command expected to fail and returns the error. */
async function failure(db: Db, command: Document): Promise<Document> {
  const error: unknown = await db.command(command).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error as Document;
}

describe("index lookups observed through the counters", () => {
  let items: Collection<Item>;
  let ns: string;

  beforeAll(async () => {
    const db = mongo.db("indexes");
    items = db.collection<Item>("items");
    ns = `${db.databaseName}.items`;
    await items.insertMany(Array.from({ length: SIZE }, (_, i) => item(i)));
    await items.createIndex({ code: 1 }, { unique: true });
    await items.createIndex({ cat: 1 });
    await items.createIndex({ a: 1, b: 1 });
  });

  it("finds by equality on a unique index examining only the matching document", async () => {
    let found: Item | null = null;
    const examined = await examinedBy(ns, async () => (found = await items.findOne({ code: "c4321" })));
    expect(found).toMatchObject({ _id: 4321, code: "c4321" });
    expect(examined).toBe(1);
  });

  it("finds a $in of 100 keys on a unique index examining exactly 100 documents", async () => {
    const codes = Array.from({ length: 100 }, (_, i) => `c${i * 97}`);
    let docs: Item[] = [];
    const examined = await examinedBy(
      ns,
      async () => (docs = await items.find({ code: { $in: codes } }).toArray()),
    );
    expect(docs).toHaveLength(100);
    expect(examined).toBe(100);
  });

  it("finds by equality on a plain index examining only its 100 hits out of 10,000", async () => {
    let docs: Item[] = [];
    const examined = await examinedBy(ns, async () => (docs = await items.find({ cat: "cat7" }).toArray()));
    expect(docs).toHaveLength(100);
    expect(docs.every((doc) => doc.cat === "cat7")).toBe(true);
    expect(examined).toBe(100);
  });

  it("finds a $in on a plain index examining the hits of every key", async () => {
    let docs: Item[] = [];
    const examined = await examinedBy(
      ns,
      async () => (docs = await items.find({ cat: { $in: ["cat1", "cat2", "cat3"] } }).toArray()),
    );
    expect(docs).toHaveLength(300);
    expect(examined).toBe(300);
  });

  it("tests extra conditions only on the documents the index chose", async () => {
    let docs: Item[] = [];
    const examined = await examinedBy(
      ns,
      async () => (docs = await items.find({ cat: "cat7", free: { $gte: 5000 } }).toArray()),
    );
    expect(docs).toHaveLength(50);
    expect(examined).toBe(100);
  });

  it("uses a compound index when every one of its fields is constrained by equality or $in", async () => {
    let docs: Item[] = [];
    let examined = await examinedBy(ns, async () => (docs = await items.find({ a: 3, b: 7 }).toArray()));
    expect(docs).toHaveLength(20);
    expect(docs.every((doc) => doc.a === 3 && doc.b === 7)).toBe(true);
    expect(examined).toBe(20);

    examined = await examinedBy(
      ns,
      async () => (docs = await items.find({ a: { $in: [1, 2] }, b: { $in: [7, 8, 9] } }).toArray()),
    );
    expect(docs).toHaveLength(120);
    expect(examined).toBe(120);
  });

  it("uses a compound index's leading field for equality when the next field has a range", async () => {
    let docs: Item[] = [];
    // a = 3 holds 1,000 documents; b in [10, 14] keeps 100 of them.
    const examined = await examinedBy(
      ns,
      async () => (docs = await items.find({ a: { $in: [3] }, b: { $gte: 10, $lte: 14 } }).toArray()),
    );
    expect(docs).toHaveLength(100);
    expect(docs.every((doc) => doc.a === 3 && doc.b >= 10 && doc.b <= 14)).toBe(true);
    expect(examined).toBe(1_000);
  });

  it("answers a $or from the union of its branches' lookups when each narrows the index further", async () => {
    const filter = { a: { $in: [1, 2] }, $or: [{ b: 3 }, { b: 4, free: { $gte: 5000 } }] };
    let docs: Item[] = [];
    const examined = await examinedBy(ns, async () => (docs = await items.find(filter).toArray()));
    const expected = Array.from({ length: SIZE }, (_, i) => item(i)).filter(
      (doc) => [1, 2].includes(doc.a) && (doc.b === 3 || (doc.b === 4 && doc.free >= 5000)),
    );
    expect(docs).toEqual(expected);
    expect(docs).toHaveLength(60);
    // (a, b) in {1, 2} x {3, 4}: 80 documents, where the leading field alone (a in {1, 2}) holds 2,000.
    expect(examined).toBe(80);
  });

  it("keeps the plan of the conditions beside a $or when one of its branches has no indexed equality", async () => {
    let docs: Item[] = [];
    const examined = await examinedBy(
      ns,
      async () => (docs = await items.find({ a: 1, $or: [{ b: 3 }, { free: 5 }] }).toArray()),
    );
    const expected = Array.from({ length: SIZE }, (_, i) => item(i)).filter(
      (doc) => doc.a === 1 && (doc.b === 3 || doc.free === 5),
    );
    expect(docs).toEqual(expected);
    expect(docs).toHaveLength(20);
    // {free: 5} narrows nothing through an index, so the union would scan: a = 1 alone (1,000) is used.
    expect(examined).toBe(1_000);
  });

  it("keeps a compound index's prefix right through updates and deletes", async () => {
    const db = mongo.db("indexes");
    const moving = db.collection<Item>("moving");
    const movingNs = `${db.databaseName}.moving`;
    await moving.insertMany(Array.from({ length: 100 }, (_, i) => item(i)));
    await moving.createIndex({ a: 1, b: 1 });
    await moving.updateMany({ a: 3 }, { $set: { a: 30 } });
    await moving.deleteMany({ a: 4 });
    const range = { $gte: 0 };
    expect(await moving.countDocuments({ a: 3, b: range })).toBe(0);
    let docs: Item[] = [];
    const examined = await examinedBy(
      movingNs,
      async () => (docs = await moving.find({ a: 30, b: range }).toArray()),
    );
    expect(docs.map((doc) => doc._id).sort((x, y) => x - y)).toEqual([3, 13, 23, 33, 43, 53, 63, 73, 83, 93]);
    expect(examined).toBe(10);
    expect(await moving.find({ a: 4, b: range }).toArray()).toEqual([]);
  });

  it("looks up _id equality and $in without a scan, and examines nothing for a missing _id", async () => {
    let found: Item | null = null;
    expect(await examinedBy(ns, async () => (found = await items.findOne({ _id: 1234 })))).toBe(1);
    expect(found).toMatchObject({ code: "c1234" });

    const ids = Array.from({ length: 100 }, (_, i) => i * 50);
    let docs: Item[] = [];
    expect(await examinedBy(ns, async () => (docs = await items.find({ _id: { $in: ids } }).toArray()))).toBe(
      100,
    );
    expect(docs.map((doc) => doc._id)).toEqual(ids);

    expect(await examinedBy(ns, async () => (found = await items.findOne({ _id: -1 })))).toBe(0);
    expect(found).toBeNull();
  });

  it("scans all 10,000 documents for a condition on an unindexed field", async () => {
    let docs: Item[] = [];
    expect(await examinedBy(ns, async () => (docs = await items.find({ free: 4321 }).toArray()))).toBe(SIZE);
    expect(docs).toEqual([item(4321)]);
    const values = Array.from({ length: 100 }, (_, i) => i);
    expect(
      await examinedBy(ns, async () => (docs = await items.find({ free: { $in: values } }).toArray())),
    ).toBe(SIZE);
    expect(docs).toHaveLength(100);
  });

  it("uses the index for the filters of updates, deletes and countDocuments too", async () => {
    expect(await examinedBy(ns, () => items.updateOne({ code: "c10" }, { $set: { touched: true } }))).toBe(1);
    expect(await examinedBy(ns, () => items.countDocuments({ cat: "cat42" }))).toBe(100);
    await items.insertOne(item(SIZE));
    expect(await examinedBy(ns, () => items.deleteOne({ code: `c${SIZE}` }))).toBe(1);
    expect(await items.countDocuments({ code: `c${SIZE}` })).toBe(0);
  });
});

describe("a $in of thousands of regions with a $or of periods (the shape of an as-of ledger)", () => {
  const REGIONS = 2_000;
  const day = (text: string) => new Date(`${text}T00:00:00.000Z`);
  /** Per region: 2 year entries, 3 month entries and 15 day entries, each counting 1. */
  const periods = [
    ...["2023-01-01", "2024-01-01"].map((d) => ({ grain: "Y", day: day(d) })),
    ...["2025-01-01", "2025-02-01", "2025-03-01"].map((d) => ({ grain: "M", day: day(d) })),
    ...Array.from({ length: 15 }, (_, i) => ({
      grain: "D",
      day: day(`2025-04-${String(i + 1).padStart(2, "0")}`),
    })),
  ];
  const codes = Array.from({ length: REGIONS }, (_, i) => String(100_000 + i));
  let ledger: Collection<{ _id: string; region: string; grain: string; day: Date; n: number }>;
  let ns: string;

  beforeAll(async () => {
    const db = mongo.db("ledger");
    ledger = db.collection("entries");
    ns = `${db.databaseName}.entries`;
    await ledger.createIndex({ region: 1, grain: 1, day: 1 });
    await ledger.insertMany(
      codes.flatMap((region) =>
        periods.map((p) => ({ _id: `${region}|${p.grain}|${p.day.toISOString()}`, region, ...p, n: 1 })),
      ),
    );
  });

  it("examines only the entries of each (region, grain) pair its branches name, not every entry of the regions", async () => {
    let groups: Document[] = [];
    const examined = await examinedBy(ns, async () => {
      groups = await ledger
        .aggregate([
          {
            $match: {
              region: { $in: codes },
              $or: [
                { grain: "Y", day: { $lt: day("2025-01-01") } },
                { grain: "M", day: { $gte: day("2025-01-01"), $lt: day("2025-03-01") } },
              ],
            },
          },
          { $group: { _id: "$region", n: { $sum: "$n" } } },
          { $sort: { _id: 1 } },
        ])
        .toArray();
    });
    expect(groups).toEqual(codes.map((region) => ({ _id: region, n: 4 })));
    // 5 of each region's 20 entries are year or month entries; the day entries are never looked at.
    expect(examined).toBe(REGIONS * 5);
  });
});

describe("the counters", () => {
  it("count each command once per collection, one find per findOne", async () => {
    const db = mongo.db("counters");
    const people = db.collection("people");
    const other = db.collection("other");
    await people.insertMany([{ name: "Ana" }, { name: "Rosa" }]);
    await other.insertOne({ x: 1 });
    const ns = `${db.databaseName}.people`;
    const findsBefore = mongo.server.stats().commands.find ?? 0;

    await people.findOne({ name: "Ana" });
    await people.findOne({ name: "Rosa" });
    await people.findOne({ name: "nobody" });
    await people.countDocuments({});
    await people.updateOne({ name: "Ana" }, { $set: { age: 40 } });

    const stats = mongo.server.stats();
    expect(stats.namespaces[ns]?.commands).toEqual({ insert: 1, find: 3, aggregate: 1, update: 1 });
    expect(stats.namespaces[`${db.databaseName}.other`]?.commands).toEqual({ insert: 1 });
    expect(stats.commands.find).toBe(findsBefore + 3);
  });

  it("are zeroed by resetStats", async () => {
    const db = mongo.db("reset");
    await db.collection("things").insertOne({ x: 1 });
    await db.collection("things").findOne({ x: 1 });
    expect(mongo.server.stats().namespaces[`${db.databaseName}.things`]?.commands.find).toBe(1);

    mongo.server.resetStats();
    expect(mongo.server.stats()).toEqual({ commands: {}, namespaces: {} });

    await db.collection("things").findOne({ x: 1 });
    expect(mongo.server.stats().namespaces).toEqual({
      [`${db.databaseName}.things`]: { commands: { find: 1 }, docsExamined: 1 },
    });
  });

  it("are returned over the wire by the embeddedStats command, which can also reset them", async () => {
    const db = mongo.db("wire");
    const ns = `${db.databaseName}.things`;
    await db.collection("things").insertMany([{ x: 1 }, { x: 2 }, { x: 3 }]);
    await db
      .collection("things")
      .find({ x: { $gt: 1 } })
      .toArray();

    const reply = await mongo.client.db("admin").command({ embeddedStats: 1 });
    expect(reply.ok).toBe(1);
    expect(reply.namespaces[ns]).toEqual({ commands: { insert: 1, find: 1 }, docsExamined: 3 });
    expect(reply.commands.embeddedStats).toBeGreaterThanOrEqual(1);
    const local = mongo.server.stats();
    expect(reply.namespaces).toEqual(local.namespaces);
    expect(reply.commands.embeddedStats).toBe(local.commands.embeddedStats);

    const beforeReset = await mongo.client.db("admin").command({ embeddedStats: 1, reset: true });
    expect(beforeReset.namespaces[ns]).toEqual({ commands: { insert: 1, find: 1 }, docsExamined: 3 });
    expect(mongo.server.stats().namespaces).toEqual({});
  });
});

describe("index management commands", () => {
  it("reports createIndexes counts, creating the collection when needed, and notes when all exist", async () => {
    const db = mongo.db("create");
    const first = await db.command({ createIndexes: "fresh", indexes: [{ key: { x: 1 }, name: "x_1" }] });
    expect(first).toMatchObject({
      numIndexesBefore: 1,
      numIndexesAfter: 2,
      createdCollectionAutomatically: true,
      ok: 1,
    });
    expect(first.note).toBeUndefined();

    const two = await db.command({
      createIndexes: "fresh",
      indexes: [
        { key: { x: 1 }, name: "x_1" },
        { key: { y: 1, z: -1 }, name: "y_1_z_-1" },
        { key: { w: 1 }, name: "w_unique", unique: true },
      ],
    });
    expect(two).toMatchObject({
      numIndexesBefore: 2,
      numIndexesAfter: 4,
      createdCollectionAutomatically: false,
      ok: 1,
    });
    expect(two.note).toBeUndefined();

    const again = await db.command({ createIndexes: "fresh", indexes: [{ key: { x: 1 }, name: "x_1" }] });
    expect(again).toMatchObject({
      numIndexesBefore: 4,
      numIndexesAfter: 4,
      note: "all indexes already exist",
      ok: 1,
    });

    const listed = await db.collection("fresh").listIndexes().toArray();
    expect(listed.map((index) => [index.name, index.key, index.unique ?? false])).toEqual([
      ["_id_", { _id: 1 }, false],
      ["x_1", { x: 1 }, false],
      ["y_1_z_-1", { y: 1, z: -1 }, false],
      ["w_unique", { w: 1 }, true],
    ]);
  });

  it("refuses an index whose name exists with another key (86) or whose key exists under another name (85)", async () => {
    const coll = mongo.db("conflict").collection("c");
    await coll.createIndex({ x: 1 });
    await expect(coll.createIndex({ y: 1 }, { name: "x_1" })).rejects.toMatchObject({
      code: 86,
      codeName: "IndexKeySpecsConflict",
    });
    await expect(coll.createIndex({ x: 1 }, { name: "another" })).rejects.toMatchObject({
      code: 85,
      codeName: "IndexOptionsConflict",
    });
    expect((await coll.indexes()).map((index) => index.name)).toEqual(["_id_", "x_1"]);
  });

  it("answers listIndexes on a missing collection with NamespaceNotFound (26)", async () => {
    const db = mongo.db("missing");
    expect(await failure(db, { listIndexes: "nothing" })).toMatchObject({
      code: 26,
      codeName: "NamespaceNotFound",
    });
  });

  it("refuses to drop _id_ (72) or an unknown index (27), and drops all but _id_ with '*'", async () => {
    const db = mongo.db("drop");
    const coll = db.collection("c");
    await coll.createIndexes([{ key: { a: 1 } }, { key: { b: 1 }, unique: true }, { key: { c: 1, d: 1 } }]);

    expect(await failure(db, { dropIndexes: "c", index: "_id_" })).toMatchObject({
      code: 72,
      codeName: "InvalidOptions",
    });
    expect(await failure(db, { dropIndexes: "c", index: "nope_1" })).toMatchObject({
      code: 27,
      codeName: "IndexNotFound",
    });
    expect((await coll.indexes()).map((index) => index.name)).toEqual(["_id_", "a_1", "b_1", "c_1_d_1"]);

    expect(await db.command({ dropIndexes: "c", index: "a_1" })).toMatchObject({ nIndexesWas: 4, ok: 1 });
    expect(await db.command({ dropIndexes: "c", index: "*" })).toMatchObject({ nIndexesWas: 3, ok: 1 });
    expect((await coll.indexes()).map((index) => index.name)).toEqual(["_id_"]);
  });

  it("scans again once the index a lookup used is dropped", async () => {
    const db = mongo.db("rescan");
    const coll = db.collection("c");
    const ns = `${db.databaseName}.c`;
    await coll.insertMany(Array.from({ length: 1000 }, (_, i) => ({ k: i })));
    await coll.createIndex({ k: 1 });
    expect(await examinedBy(ns, () => coll.find({ k: 500 }).toArray())).toBe(1);

    await coll.dropIndex("k_1");
    let docs: Document[] = [];
    expect(await examinedBy(ns, async () => (docs = await coll.find({ k: 500 }).toArray()))).toBe(1000);
    expect(docs).toMatchObject([{ k: 500 }]);
  });

  it("frees a unique key when an update moves a document off it, and claims the new one", async () => {
    const coll = mongo.db("unique").collection("c");
    await coll.createIndex({ code: 1 }, { unique: true });
    await coll.insertMany([{ code: "A" }, { code: "B" }]);

    expect(await coll.updateOne({ code: "A" }, { $set: { code: "Z" } })).toMatchObject({ modifiedCount: 1 });
    await expect(coll.insertOne({ code: "A" })).resolves.toMatchObject({ acknowledged: true });
    await expect(coll.insertOne({ code: "Z" })).rejects.toMatchObject({
      code: 11000,
      keyValue: { code: "Z" },
    });
    await expect(coll.updateOne({ code: "B" }, { $set: { code: "Z" } })).rejects.toMatchObject({
      code: 11000,
      keyValue: { code: "Z" },
    });
    await coll.replaceOne({ code: "Z" }, { code: "Y" });
    await expect(coll.updateOne({ code: "B" }, { $set: { code: "Z" } })).resolves.toMatchObject({
      modifiedCount: 1,
    });

    expect(
      (await coll.find({}, { projection: { _id: 0 } }).toArray()).map((doc) => doc.code as string).sort(),
    ).toEqual(["A", "Y", "Z"]);
    expect(await coll.countDocuments({ code: "B" })).toBe(0);
  });
});
