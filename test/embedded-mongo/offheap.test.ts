import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  Binary,
  BSON,
  BSONRegExp,
  BSONSymbol,
  Code,
  Decimal128,
  Double,
  Int32,
  Long,
  MaxKey,
  MinKey,
  MongoClient,
  ObjectId,
  Timestamp,
  type Document,
} from "mongodb";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A document holding a value of every BSON type the server stores, around the fields filters test. */
function everyType(n: number): Document & { _id: number } {
  return {
    _id: n,
    double: new Double(n + 0.5),
    string: `s${n}`,
    sub: { x: n % 3, deeper: { y: [n, { z: n }] } },
    array: [n, `a${n}`, { k: n }],
    binary: new Binary(Buffer.from([n, 1, 2, 3]), 4),
    oid: ObjectId.createFromTime(1_700_000_000 + n),
    bool: n % 2 === 0,
    date: new Date(Date.UTC(2024, 0, 1 + n)),
    nothing: null,
    regex: new BSONRegExp(`^r${n}`, "i"),
    code: new Code(`function () { return ${n}; }`),
    symbol: new BSONSymbol(`sym${n}`),
    int: new Int32(n),
    ts: new Timestamp({ t: 100 + n, i: 1 }),
    long: Long.fromNumber(2 ** 40 + n),
    decimal: Decimal128.fromString(`${n}.10`),
    min: new MinKey(),
    max: new MaxKey(),
    n,
  };
}

/** A document as the server stores it: decoded from BSON with bson's defaults, as it decodes what it receives. */
const asStored = (doc: Document): Document => BSON.deserialize(BSON.serialize(doc));

/** The `_id`s of a result, in the order returned. */
const ids = (docs: Document[]): unknown[] => docs.map((doc) => doc["_id"]);

describe("documents stored as BSON outside the JS heap", () => {
  it("tests a filter on the fields it reads alone, whatever types the other fields hold", async () => {
    const items = mongo.db().collection<{ _id: number; [key: string]: unknown }>("types");
    await items.insertMany(Array.from({ length: 30 }, (_, n) => everyType(n)));
    const find = async (filter: Document) => ids(await items.find(filter).toArray());

    expect(await find({ n: 7 })).toEqual([7]);
    expect(await find({ "sub.x": 1, n: { $lt: 10 } })).toEqual([1, 4, 7]);
    expect(await find({ "sub.deeper.y.z": 12 })).toEqual([12]);
    expect(await find({ $or: [{ n: 3 }, { string: "s21" }] })).toEqual([3, 21]);
    expect(await find({ $and: [{ bool: true }, { n: { $gte: 26 } }] })).toEqual([26, 28]);
    expect(await find({ $nor: [{ n: { $lt: 28 } }] })).toEqual([28, 29]);
    expect(await find({ missing: { $exists: false }, n: { $gt: 27 } })).toEqual([28, 29]);
    expect(await find({ max: { $type: "maxKey" }, decimal: Decimal128.fromString("2.10") })).toEqual([2]);
    expect(await find({ regex: { $type: "regex" }, long: 2 ** 40 + 5 })).toEqual([5]);
    expect(await find({ $expr: { $eq: ["$n", { $add: ["$int", 0] }] }, n: { $in: [4, 5] } })).toEqual([4, 5]);
    expect(await find({ ts: new Timestamp({ t: 109, i: 1 }) })).toEqual([9]);

    // What comes back is the whole document with every type as stored, not the fields the filter read.
    expect(await items.findOne({ n: 11 })).toEqual(asStored(everyType(11)));
    expect(await items.countDocuments({ symbol: { $exists: true }, code: { $exists: true } })).toBe(30);
  });

  it("keeps an open cursor's documents as they were while updates and deletes rewrite the store", async () => {
    const items = mongo.db().collection<{ _id: number | string; v?: string; p?: string }>("rewrite");
    const COUNT = 3000;
    const payload = (version: string) => version.repeat(4096);
    await items.insertMany(Array.from({ length: COUNT }, (_, n) => ({ _id: n, v: "old", p: payload("o") })));

    const cursor = items.find({}, { batchSize: 100 });
    const seen: Document[] = [];
    for (let i = 0; i < 100; i++) seen.push((await cursor.next()) as Document);
    // ~12 MiB of replaced bytes and then 2,000 deletions: enough dead bytes and unused slots to rewrite both.
    expect((await items.updateMany({}, { $set: { v: "new", p: payload("n") } })).modifiedCount).toBe(COUNT);
    expect((await items.deleteMany({ _id: { $lt: 2000 } })).deletedCount).toBe(2000);
    for (let doc = await cursor.next(); doc; doc = await cursor.next()) seen.push(doc);

    expect(seen).toHaveLength(COUNT);
    expect(seen.every((doc) => doc["v"] === "old" && doc["p"] === payload("o"))).toBe(true);
    expect(ids(seen)).toEqual(Array.from({ length: COUNT }, (_, n) => n));

    await items.insertMany([{ _id: "a" }, { _id: "b" }]);
    await items.updateOne({ _id: 2500 }, { $set: { v: "again" } });
    const now = await items.find({}).toArray();
    // Natural order: survivors in insertion order (a replacement keeps its place), then the new ones.
    expect(ids(now)).toEqual([...Array.from({ length: 1000 }, (_, n) => 2000 + n), "a", "b"]);
    expect(now.filter((doc) => doc["v"] === "new")).toHaveLength(999);
    expect(now.find((doc) => doc["_id"] === 2500)?.["v"]).toBe("again");
  });

  it("hands out copies: changing a document read does not change the stored one", async () => {
    const items = mongo.db().collection<{ _id: number; tags: string[]; sub: Document }>("copies");
    await items.insertOne({ _id: 1, tags: ["a"], sub: { x: 1 } });
    const pipeline = await items.aggregate([{ $match: { _id: 1 } }]).toArray();
    expect(pipeline).toEqual([{ _id: 1, tags: ["a"], sub: { x: 1 } }]);
    await items.updateOne({ _id: 1 }, { $push: { tags: "b" }, $set: { "sub.y": 2 } });
    expect(await items.findOne({ _id: 1 })).toEqual({ _id: 1, tags: ["a", "b"], sub: { x: 1, y: 2 } });
    expect(await items.findOne({ tags: "a", "sub.y": 2 })).toEqual({
      _id: 1,
      tags: ["a", "b"],
      sub: { x: 1, y: 2 },
    });
  });

  it("writes the stored bytes to the journal and the snapshot, and reads them back with every type", async () => {
    const dbPath = await mkdtemp(join(tmpdir(), "embedded-mongo-offheap-"));
    dirs.push(dbPath);
    const docs = Array.from({ length: 50 }, (_, n) => everyType(n));
    const first = await startEmbeddedMongo({ dbPath });
    let client = await MongoClient.connect(first.uri);
    const write = client.db("keep").collection<{ _id: number; [key: string]: unknown }>("types");
    await write.createIndex({ string: 1 }, { unique: true });
    await write.insertMany(docs);
    await write.updateOne({ _id: 3 }, { $set: { string: "changed" } });
    await write.deleteOne({ _id: 4 });
    await client.close();
    await first.stop(); // writes a snapshot from the stored bytes

    const second = await startEmbeddedMongo({ dbPath });
    client = await MongoClient.connect(second.uri);
    const read = client.db("keep").collection<{ _id: number; [key: string]: unknown }>("types");
    await read.insertOne(everyType(99)); // journal after the snapshot
    await client.close();
    await second.stop();

    const third = await startEmbeddedMongo({ dbPath });
    client = await MongoClient.connect(third.uri);
    try {
      const back = client.db("keep").collection<{ _id: number; [key: string]: unknown }>("types");
      const expected = [...docs.filter((doc) => doc["_id"] !== 4), everyType(99)].map((doc) =>
        doc["_id"] === 3 ? { ...doc, string: "changed" } : doc,
      );
      expect(await back.find({}).toArray()).toEqual(expected.map(asStored));
      // The unique index was rebuilt from the stored bytes.
      await expect(back.insertOne({ _id: 1000, string: "changed" })).rejects.toMatchObject({ code: 11000 });
      expect(await back.findOne({ string: "s7" })).toMatchObject({ _id: 7 });
    } finally {
      await client.close();
      await third.stop();
    }
  });
});
