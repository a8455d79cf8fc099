import { MongoServerError, type Db } from "mongodb";
import { describe, expect, it } from "vitest";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();

/** A collection of five documents and a view of those with `_id` over 2, without their `secret`. */
async function seeded(): Promise<Db> {
  const db = mongo.db();
  await db
    .collection("c")
    .insertMany([1, 2, 3, 4, 5].map((i) => ({ _id: i as never, n: i % 2, secret: "s" })));
  await db.createCollection("v", {
    viewOn: "c",
    pipeline: [{ $match: { _id: { $gt: 2 } } }, { $unset: "secret" }],
  });
  return db;
}

async function failure(write: Promise<unknown>): Promise<MongoServerError> {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

describe("read-only views", () => {
  it("answer find with the view's pipeline first, then the filter, sort, skip, limit and projection", async () => {
    const v = (await seeded()).collection("v");
    expect(await v.find().toArray()).toEqual([
      { _id: 3, n: 1 },
      { _id: 4, n: 0 },
      { _id: 5, n: 1 },
    ]);
    const page = await v
      .find({ n: 1 }, { sort: { _id: -1 }, skip: 1, limit: 1, projection: { _id: 1 } })
      .toArray();
    expect(page).toEqual([{ _id: 3 }]);
  });

  it("answer countDocuments, estimatedDocumentCount, distinct and aggregate over the view's documents", async () => {
    const v = (await seeded()).collection("v");
    expect(await v.countDocuments({ n: 1 })).toBe(2);
    expect(await v.estimatedDocumentCount()).toBe(3);
    expect(await v.distinct("n")).toEqual([0, 1]);
    expect(await v.aggregate([{ $group: { _id: null, total: { $sum: "$_id" } } }]).toArray()).toEqual([
      { _id: null, total: 12 },
    ]);
  });

  it("can be defined on another view, and see the source collection's later writes", async () => {
    const db = await seeded();
    await db.createCollection("odd", { viewOn: "v", pipeline: [{ $match: { n: 1 } }] });
    await db.collection("c").insertOne({ _id: 7 as never, n: 1, secret: "s" });
    expect(await db.collection("odd").find().toArray()).toEqual([
      { _id: 3, n: 1 },
      { _id: 5, n: 1 },
      { _id: 7, n: 1 },
    ]);
  });

  it("refuse writes and indexes with CommandNotSupportedOnView, leaving the source unchanged", async () => {
    const db = await seeded();
    const v = db.collection("v");
    const writes = [
      () => v.insertOne({ _id: 9 as never }),
      () => v.updateOne({ _id: 3 as never }, { $set: { n: 5 } }),
      () => v.deleteMany({}),
      () => v.findOneAndDelete({ _id: 3 as never }),
      () => v.createIndex({ n: 1 }),
    ];
    for (const write of writes) expect((await failure(write())).code).toBe(166);
    expect(await db.collection("c").countDocuments()).toBe(5);
  });

  it("are listed with type view, and dropping one leaves its source", async () => {
    const db = await seeded();
    const infos = await db.listCollections({}, { nameOnly: false }).toArray();
    expect(
      infos.map(({ name, type }) => ({ name, type })).sort((a, b) => a.name.localeCompare(b.name)),
    ).toEqual([
      { name: "c", type: "collection" },
      { name: "v", type: "view" },
    ]);
    await db.dropCollection("v");
    expect(await db.collection("c").countDocuments()).toBe(5);
    expect((await db.listCollections().toArray()).map((info) => info.name)).toEqual(["c"]);
  });

  it("refuse a create with a pipeline but no viewOn", async () => {
    const db = mongo.db();
    expect((await failure(db.command({ create: "x", pipeline: [] }))).code).toBe(2);
  });
});
