import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MongoClient, MongoServerError, type Db } from "mongodb";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { startEmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { openStorage } from "../../packages/embedded-mongo/src/storage/storage.ts";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();
const dirs: string[] = [];

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function failure(write: Promise<unknown>): Promise<MongoServerError> {
  const error = await write.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MongoServerError);
  return error as MongoServerError;
}

async function withValidator(db: Db, options: Record<string, unknown> = {}) {
  return db.createCollection("c", { validator: { x: { $type: "string" } }, ...options });
}

describe("document validation", () => {
  it("refuses an insert the validator rejects with DocumentValidationFailure naming the document", async () => {
    const coll = await withValidator(mongo.db());
    await coll.insertOne({ _id: 1 as never, x: "ok" });
    const error = await failure(coll.insertOne({ _id: 2 as never, x: 1 }));
    expect(error.code).toBe(121);
    expect(error.errInfo?.failingDocumentId).toBe(2);
    expect(await coll.find().toArray()).toEqual([{ _id: 1, x: "ok" }]);
  });

  it("refuses updates, replacements, upserts and findAndModify that would break the validator", async () => {
    const coll = await withValidator(mongo.db());
    await coll.insertOne({ _id: 1 as never, x: "ok" });
    const writes = [
      () => coll.updateOne({ _id: 1 as never }, { $set: { x: 2 } }),
      () => coll.replaceOne({ _id: 1 as never }, { x: 3 }),
      () => coll.updateOne({ _id: 9 as never }, { $set: { x: 4 } }, { upsert: true }),
      () => coll.findOneAndUpdate({ _id: 1 as never }, { $set: { x: 5 } }),
    ];
    for (const write of writes) expect((await failure(write())).code).toBe(121);
    expect(await coll.find().toArray()).toEqual([{ _id: 1, x: "ok" }]);
  });

  it("lets bypassDocumentValidation through on insert, update and findAndModify", async () => {
    const coll = await withValidator(mongo.db());
    await coll.insertOne({ _id: 1 as never, x: 1 }, { bypassDocumentValidation: true });
    await coll.updateOne({ _id: 1 as never }, { $set: { x: 2 } }, { bypassDocumentValidation: true });
    await coll.findOneAndUpdate({ _id: 1 as never }, { $inc: { x: 1 } }, { bypassDocumentValidation: true });
    expect(await coll.find().toArray()).toEqual([{ _id: 1, x: 3 }]);
  });

  it("with validationLevel moderate still updates a document that already failed, and warn lets all through", async () => {
    const db = mongo.db();
    const coll = await withValidator(db);
    await coll.insertOne({ _id: 1 as never, x: 1 }, { bypassDocumentValidation: true });
    expect((await failure(coll.updateOne({ _id: 1 as never }, { $set: { y: 1 } }))).code).toBe(121);
    await db.command({ collMod: "c", validationLevel: "moderate" });
    await coll.updateOne({ _id: 1 as never }, { $set: { y: 1 } });
    await db.command({ collMod: "c", validationAction: "warn" });
    await coll.insertOne({ _id: 2 as never, x: 2 });
    expect(await coll.countDocuments()).toBe(2);
  });

  it("takes a validator set by collMod and reports it in listCollections", async () => {
    const db = mongo.db();
    const coll = await db.createCollection("c");
    await coll.insertOne({ _id: 1 as never, x: 1 });
    await db.command({ collMod: "c", validator: { x: { $gte: 10 } } });
    expect((await failure(coll.insertOne({ _id: 2 as never, x: 5 }))).code).toBe(121);
    const [info] = await db.listCollections({ name: "c" }, { nameOnly: false }).toArray();
    expect(info?.options).toEqual({ validator: { x: { $gte: 10 } } });
  });

  it("refuses $jsonSchema validators, collMod of a missing collection and options it does not change", async () => {
    const db = mongo.db();
    const schema = { $jsonSchema: { required: ["x"] } };
    expect((await failure(db.createCollection("s", { validator: schema }))).code).toBe(238);
    expect((await failure(db.command({ collMod: "missing", validator: {} }))).code).toBe(26);
    await db.createCollection("c");
    expect((await failure(db.command({ collMod: "c", validator: schema }))).code).toBe(238);
    expect((await failure(db.command({ collMod: "c", validationLevel: "sometimes" }))).code).toBe(2);
    expect((await failure(db.command({ collMod: "c", expireAfterSeconds: 5 }))).code).toBe(238);
  });
});

describe("a validator set by collMod, across restarts", () => {
  async function tempDir(): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), "embedded-mongo-validation-"));
    dirs.push(dir);
    return dir;
  }

  it("is replayed from the journal's setOptions record", async () => {
    const dbPath = await tempDir();
    const storage = await openStorage({ dbPath, logger: pino({ level: "silent" }) });
    storage.append([
      { op: "createCollection", db: "d", coll: "c", options: {} },
      { op: "setOptions", db: "d", coll: "c", options: { validator: { x: { $type: "string" } } } },
    ]);
    await storage.flush();
    await storage.close();
    const server = await startEmbeddedMongo({ dbPath });
    const client = await MongoClient.connect(server.uri);
    try {
      const error = await failure(client.db("d").collection("c").insertOne({ x: 1 }));
      expect(error.code).toBe(121);
    } finally {
      await client.close();
      await server.stop();
    }
  });

  it("is still enforced after the server restarts on its data directory", async () => {
    const dbPath = await tempDir();
    const first = await startEmbeddedMongo({ dbPath });
    let client = await MongoClient.connect(first.uri);
    await client.db("d").createCollection("c");
    await client.db("d").command({ collMod: "c", validator: { x: { $type: "string" } } });
    await client.close();
    await first.stop();
    const second = await startEmbeddedMongo({ dbPath });
    client = await MongoClient.connect(second.uri);
    try {
      expect((await failure(client.db("d").collection("c").insertOne({ x: 1 }))).code).toBe(121);
    } finally {
      await client.close();
      await second.stop();
    }
  });
});
