import mongoose, { Schema, Types } from "mongoose";
import { MongoServerError } from "mongodb";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { encodeCommand, MORE_TO_COME, RawClient } from "./raw-client.ts";

interface Address {
  city: string;
  zip?: string;
}

interface Phone {
  kind: "mobile" | "home";
  number: string;
}

interface User {
  email: string;
  name: string;
  age?: number;
  tags: string[];
  visits: number;
  address?: Address;
  phones: Phone[];
  createdAt: Date;
  updatedAt: Date;
}

interface Concession {
  code: string;
  owner: Types.ObjectId;
  reviewers: Types.ObjectId[];
  amount: Types.Decimal128;
  grantedAt: Date;
  status: "ACTIVE" | "SUSPENDED";
}

const userSchema = new Schema<User>(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    age: { type: Number, min: 0, index: true },
    tags: [String],
    visits: { type: Number, default: 0 },
    address: new Schema<Address>({ city: { type: String, required: true }, zip: String }, { _id: false }),
    phones: [{ kind: { type: String, enum: ["mobile", "home"], required: true }, number: String }],
  },
  { timestamps: true },
);

const concessionSchema = new Schema<Concession>({
  code: { type: String, required: true, unique: true },
  owner: { type: Schema.Types.ObjectId, ref: "User", required: true },
  reviewers: [{ type: Schema.Types.ObjectId, ref: "User" }],
  amount: { type: Schema.Types.Decimal128, required: true },
  grantedAt: { type: Date, required: true },
  status: { type: String, enum: ["ACTIVE", "SUSPENDED"], default: "ACTIVE" },
});

const UserModel = mongoose.model<User>("User", userSchema);
const ConcessionModel = mongoose.model<Concession>("Concession", concessionSchema);

let server: EmbeddedMongo;
const dbName = `mongoose_${process.pid}`;

/** How many `command`s the server received on `collection` of the test database. */
function served(collection: string, command: string): number {
  return server.stats().namespaces[`${dbName}.${collection}`]?.commands[command] ?? 0;
}

/** The driver error a rejected promise carries. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );
}

function dec(value: string): Types.Decimal128 {
  return Types.Decimal128.fromString(value);
}

beforeAll(async () => {
  server = await startEmbeddedMongo();
  await mongoose.connect(server.uri, { dbName });
  await UserModel.init();
  await ConcessionModel.init();
});

afterAll(async () => {
  await mongoose.disconnect();
  await server?.stop();
});

describe("mongoose models on the embedded server", () => {
  it("creates the collections and the unique and plain indexes of the schema on init", async () => {
    const users = await UserModel.listIndexes();
    expect(users.map((index) => [index.name, index.key, index.unique === true])).toEqual([
      ["_id_", { _id: 1 }, false],
      ["email_1", { email: 1 }, true],
      ["age_1", { age: 1 }, false],
    ]);
    const concessions = await ConcessionModel.listIndexes();
    expect(concessions.map((index) => index.name)).toEqual(["_id_", "code_1"]);
    const collections = await mongoose.connection.db?.listCollections().toArray();
    expect(collections?.map((c) => c.name).sort()).toEqual(["concessions", "users"]);
  });

  it("syncIndexes drops an index no longer in the schema and builds the new one", async () => {
    const v1 = new Schema({ sku: { type: String, unique: true }, color: { type: String, index: true } });
    const GadgetV1 = mongoose.model("GadgetV1", v1, "gadgets");
    await GadgetV1.init();
    await GadgetV1.create({ sku: "g1", color: "red" });
    expect((await GadgetV1.listIndexes()).map((index) => index.name)).toEqual(["_id_", "sku_1", "color_1"]);

    // The next version of the schema: no index on color, a new one on size (built by syncIndexes, not init).
    const v2 = new Schema(
      { sku: { type: String, unique: true }, size: { type: Number, index: true } },
      { autoIndex: false },
    );
    const GadgetV2 = mongoose.model("GadgetV2", v2, "gadgets");
    await GadgetV2.init();
    expect((await GadgetV2.listIndexes()).map((index) => index.name)).toEqual(["_id_", "sku_1", "color_1"]);
    const dropped = await GadgetV2.syncIndexes();
    expect(dropped).toEqual(["color_1"]);
    expect((await GadgetV2.listIndexes()).map((index) => index.name)).toEqual(["_id_", "sku_1", "size_1"]);
    expect(await GadgetV2.syncIndexes()).toEqual([]);
    expect(await GadgetV2.countDocuments({ sku: "g1" })).toBe(1);
  });

  it("creates documents with defaults, timestamps, subdocuments and arrays of subdocuments", async () => {
    const ana = await UserModel.create({
      email: "  Ana@Example.PE ",
      name: "Ana",
      age: 34,
      tags: ["miner"],
      address: { city: "Puno", zip: "21001" },
      phones: [
        { kind: "mobile", number: "999" },
        { kind: "home", number: "051" },
      ],
    });
    expect(ana.email).toBe("ana@example.pe");
    expect(ana.visits).toBe(0);
    expect(ana.createdAt).toBeInstanceOf(Date);
    expect(ana.updatedAt.getTime()).toBe(ana.createdAt.getTime());

    const stored = await UserModel.findById(ana._id).lean();
    expect(stored).toMatchObject({
      email: "ana@example.pe",
      name: "Ana",
      age: 34,
      tags: ["miner"],
      visits: 0,
      address: { city: "Puno", zip: "21001" },
      __v: 0,
    });
    expect(stored?.phones.map(({ kind, number }) => ({ kind, number }))).toEqual([
      { kind: "mobile", number: "999" },
      { kind: "home", number: "051" },
    ]);
    expect(stored?.createdAt).toEqual(ana.createdAt);

    const found = await UserModel.findOne({ "phones.kind": "home", "address.city": "Puno" });
    expect(found?._id.equals(ana._id)).toBe(true);
    expect(found?.phones[1]?.number).toBe("051");

    const inserted = await UserModel.insertMany([
      { email: "rosa@example.pe", name: "Rosa", age: 51, tags: ["official"], address: { city: "Cusco" } },
      { email: "luis@example.pe", name: "Luis", age: 28, tags: ["miner", "official"] },
      { email: "eva@example.pe", name: "Eva", age: 45 },
      { email: "juan@example.pe", name: "Juan", age: 62, address: { city: "Puno" } },
    ]);
    expect(inserted).toHaveLength(4);
    expect(await UserModel.countDocuments()).toBe(5);
  });

  it("rejects invalid documents in mongoose without sending them to the server", async () => {
    const inserts = served("users", "insert");
    const missing = await rejection(UserModel.create({ email: "x@example.pe" }));
    expect(missing).toBeInstanceOf(mongoose.Error.ValidationError);
    expect(Object.keys((missing as mongoose.Error.ValidationError).errors)).toEqual(["name"]);
    const negative = await rejection(UserModel.create({ email: "y@example.pe", name: "Y", age: -1 }));
    expect((negative as mongoose.Error.ValidationError).errors.age?.kind).toBe("min");
    const badEnum = await rejection(
      UserModel.create({
        email: "z@example.pe",
        name: "Z",
        phones: [{ kind: "fax" as Phone["kind"], number: "1" }],
      }),
    );
    expect(badEnum).toBeInstanceOf(mongoose.Error.ValidationError);
    expect(served("users", "insert")).toBe(inserts);
  });

  it("reports a duplicate key as a MongoServerError with code 11000 and keyValue", async () => {
    const error = await rejection(UserModel.create({ email: "ANA@example.pe", name: "Other Ana" }));
    expect(error).toBeInstanceOf(MongoServerError);
    expect(error).toMatchObject({
      code: 11000,
      keyPattern: { email: 1 },
      keyValue: { email: "ana@example.pe" },
    });
    expect((error as Error).message).toMatch(
      /E11000 duplicate key error collection: .*\.users index: email_1/,
    );
    expect(await UserModel.countDocuments({ email: "ana@example.pe" })).toBe(1);
  });

  it("finds with $in, sort, skip, limit, select and lean", async () => {
    const byAge = await UserModel.find({ age: { $in: [28, 45, 51, 62] } })
      .sort({ age: -1 })
      .skip(1)
      .limit(2)
      .select("name age -_id")
      .lean();
    expect(byAge).toEqual([
      { name: "Rosa", age: 51 },
      { name: "Eva", age: 45 },
    ]);

    const miners = await UserModel.find({ tags: "miner" }).sort("name");
    expect(miners.map((user) => user.name)).toEqual(["Ana", "Luis"]);
    expect(miners[0]).toBeInstanceOf(UserModel);

    const one = await UserModel.findOne({ name: "Juan" }).select({ email: 1 }).lean();
    expect(Object.keys(one ?? {}).sort()).toEqual(["_id", "email"]);
    expect(one?._id).toBeInstanceOf(Types.ObjectId);
    expect(await UserModel.findById(new Types.ObjectId())).toBeNull();
  });

  it("updates with updateOne and upserts with findOneAndUpdate returning the new document", async () => {
    const before = await UserModel.findOne({ email: "luis@example.pe" }).lean();
    const result = await UserModel.updateOne(
      { email: "luis@example.pe" },
      { $inc: { visits: 2 }, $push: { tags: "guide" }, $set: { "address.city": "Arequipa" } },
    );
    expect(result).toMatchObject({ acknowledged: true, matchedCount: 1, modifiedCount: 1, upsertedCount: 0 });
    const after = await UserModel.findOne({ email: "luis@example.pe" }).lean();
    expect(after).toMatchObject({
      visits: 2,
      tags: ["miner", "official", "guide"],
      address: { city: "Arequipa" },
    });
    expect(after?.createdAt).toEqual(before?.createdAt);
    expect(after!.updatedAt.getTime()).toBeGreaterThanOrEqual(before!.updatedAt.getTime());

    const created = await UserModel.findOneAndUpdate(
      { email: "new@example.pe" },
      { $set: { name: "Nueva", age: 19 } },
      { upsert: true, new: true },
    );
    expect(created).toMatchObject({ email: "new@example.pe", name: "Nueva", age: 19, visits: 0 });
    expect(created?.createdAt).toBeInstanceOf(Date);

    const updated = await UserModel.findOneAndUpdate(
      { email: "new@example.pe" },
      { $set: { age: 20 } },
      { upsert: true, returnDocument: "after" },
    );
    expect(updated?._id.equals(created?._id)).toBe(true);
    expect(updated?.age).toBe(20);
    expect(updated?.createdAt).toEqual(created?.createdAt);
    expect(await UserModel.countDocuments({ email: "new@example.pe" })).toBe(1);
  });

  it("counts, estimates, lists distinct values and aggregates", async () => {
    expect(await UserModel.countDocuments({ age: { $gte: 40 } })).toBe(3);
    expect(await UserModel.estimatedDocumentCount()).toBe(6);
    expect(served("users", "count")).toBe(1);
    expect(((await UserModel.distinct("tags")) as string[]).sort()).toEqual(["guide", "miner", "official"]);
    expect(((await UserModel.distinct("address.city", { age: { $lt: 60 } })) as string[]).sort()).toEqual([
      "Arequipa",
      "Cusco",
      "Puno",
    ]);

    const byCity = await UserModel.aggregate<{ _id: string | null; n: number; ages: number }>([
      { $match: { age: { $gte: 20 } } },
      { $group: { _id: "$address.city", n: { $sum: 1 }, ages: { $sum: "$age" } } },
      { $sort: { n: -1, _id: 1 } },
    ]);
    expect(byCity).toEqual([
      { _id: null, n: 2, ages: 65 },
      { _id: "Puno", n: 2, ages: 96 },
      { _id: "Arequipa", n: 1, ages: 28 },
      { _id: "Cusco", n: 1, ages: 51 },
    ]);
  });
});

describe("references, decimals and dates", () => {
  const grants = [
    ["C-1", "2604944201.50", "2023-01-15"],
    ["C-2", "99.5", "2023-06-30"],
    ["C-3", "100.25", "2024-02-01"],
    ["C-4", "-3.75", "2024-08-20"],
    ["C-5", "1000", "2025-01-01"],
  ] as const;

  beforeAll(async () => {
    const users = await UserModel.find().sort({ age: 1 });
    const [first, second, third] = users;
    await ConcessionModel.insertMany(
      grants.map(([code, amount, day], i) => ({
        code,
        owner: (i % 2 === 0 ? first : second)?._id,
        reviewers: i === 0 ? [third?._id, first?._id] : [],
        amount: dec(amount),
        grantedAt: new Date(`${day}T00:00:00Z`),
      })),
    );
  });

  it("round-trips Decimal128 exactly and compares it numerically with $gt and sort", async () => {
    const c1 = await ConcessionModel.findOne({ code: "C-1" });
    expect(c1?.amount).toBeInstanceOf(Types.Decimal128);
    expect(c1?.amount.toString()).toBe("2604944201.50");
    const lean = await ConcessionModel.findOne({ code: "C-1" }).lean();
    expect(lean?.amount.toString()).toBe("2604944201.50");

    const over100 = await ConcessionModel.find({ amount: { $gt: dec("100") } }).sort({ amount: 1 });
    expect(over100.map((c) => c.amount.toString())).toEqual(["100.25", "1000", "2604944201.50"]);
    const between = await ConcessionModel.find({ amount: { $gte: dec("-3.75"), $lt: dec("100.25") } }).sort({
      amount: -1,
    });
    expect(between.map((c) => c.code)).toEqual(["C-2", "C-4"]);
    expect(await ConcessionModel.countDocuments({ amount: dec("1000.00") })).toBe(1);
  });

  it("queries Date fields by range", async () => {
    const in2023 = await ConcessionModel.find({
      grantedAt: { $gte: new Date("2023-01-01T00:00:00Z"), $lt: new Date("2024-01-01T00:00:00Z") },
    })
      .sort({ grantedAt: -1 })
      .lean();
    expect(in2023.map((c) => c.code)).toEqual(["C-2", "C-1"]);
    expect(in2023[0]?.grantedAt).toEqual(new Date("2023-06-30T00:00:00Z"));
    expect(
      await ConcessionModel.countDocuments({ grantedAt: { $gt: new Date("2024-08-20T00:00:00Z") } }),
    ).toBe(1);
  });

  it("populates a reference and an array of references from another collection with one find", async () => {
    const finds = served("users", "find");
    const concessions = await ConcessionModel.find()
      .sort({ code: 1 })
      .populate<{ owner: User }>("owner")
      .lean();
    expect(served("users", "find")).toBe(finds + 1);
    expect(concessions.map((c) => [c.code, c.owner.name])).toEqual([
      ["C-1", "Nueva"],
      ["C-2", "Luis"],
      ["C-3", "Nueva"],
      ["C-4", "Luis"],
      ["C-5", "Nueva"],
    ]);

    const c1 = await ConcessionModel.findOne({ code: "C-1" }).populate<{ reviewers: User[] }>("reviewers");
    expect(c1?.reviewers.map((user) => user.name)).toEqual(["Ana", "Nueva"]);
    const c2 = await ConcessionModel.findOne({ code: "C-2" }).populate<{ reviewers: User[] }>("reviewers");
    expect(c2?.reviewers).toEqual([]);
  });

  it("runs bulkWrite with every kind of operation and reports the counts", async () => {
    const owner = (await UserModel.findOne({ name: "Eva" }))?._id;
    const result = await ConcessionModel.bulkWrite([
      {
        insertOne: {
          document: { code: "C-6", owner, amount: dec("6.60"), grantedAt: new Date("2025-02-01T00:00:00Z") },
        },
      },
      { updateOne: { filter: { code: "C-2" }, update: { $set: { status: "SUSPENDED" } } } },
      { updateMany: { filter: { amount: { $gt: dec("500") } }, update: { $set: { status: "SUSPENDED" } } } },
      {
        replaceOne: {
          filter: { code: "C-3" },
          replacement: {
            code: "C-3",
            owner,
            amount: dec("100.26"),
            grantedAt: new Date("2024-02-02T00:00:00Z"),
          },
        },
      },
      { deleteOne: { filter: { code: "C-4" } } },
      {
        updateOne: {
          filter: { code: "C-7" },
          update: { $set: { owner, amount: dec("7"), grantedAt: new Date("2025-03-01T00:00:00Z") } },
          upsert: true,
        },
      },
    ]);
    expect(result).toMatchObject({
      insertedCount: 1,
      matchedCount: 4,
      modifiedCount: 4,
      deletedCount: 1,
      upsertedCount: 1,
    });
    expect(Object.keys(result.upsertedIds)).toEqual(["5"]);
    expect(Object.keys(result.insertedIds)).toEqual(["0"]);

    const all = await ConcessionModel.find().sort({ code: 1 }).lean();
    // The upserted C-7 gets the schema default status through mongoose's $setOnInsert.
    expect(all.map((c) => [c.code, c.status, c.amount.toString()])).toEqual([
      ["C-1", "SUSPENDED", "2604944201.50"],
      ["C-2", "SUSPENDED", "99.5"],
      ["C-3", "ACTIVE", "100.26"],
      ["C-5", "SUSPENDED", "1000"],
      ["C-6", "ACTIVE", "6.60"],
      ["C-7", "ACTIVE", "7"],
    ]);
  });

  it("deletes with deleteMany and reports the count", async () => {
    const result = await ConcessionModel.deleteMany({ status: "SUSPENDED" });
    expect(result).toMatchObject({ acknowledged: true, deletedCount: 3 });
    expect((await ConcessionModel.find().sort({ code: 1 }).lean()).map((c) => c.code)).toEqual([
      "C-3",
      "C-6",
      "C-7",
    ]);
  });
});

describe("disconnecting", () => {
  it("ends sessions on disconnect without a reply, and a new connection keeps working", async () => {
    const ended = server.stats().commands.endSessions ?? 0;
    await mongoose.disconnect();
    await vi.waitFor(() => expect(server.stats().commands.endSessions).toBe(ended + 1));

    // endSessions arrives with moreToCome: the server must not answer it. The next reply on the same
    // connection therefore answers the ping sent after it (request() checks responseTo).
    const raw = await RawClient.connect(server.port);
    try {
      await raw.handshake();
      raw.send(
        encodeCommand(
          { endSessions: [{ id: new mongoose.mongo.UUID() }], writeConcern: { w: 0 }, $db: "admin" },
          { flags: MORE_TO_COME },
        ).bytes,
      );
      expect(await raw.command({ ping: 1, $db: "admin" })).toMatchObject({ ok: 1 });
      expect(raw.unread).toBe(0);
    } finally {
      raw.destroy();
    }

    await mongoose.connect(server.uri, { dbName });
    expect(await UserModel.countDocuments()).toBe(6);
    expect(await ConcessionModel.findOne({ code: "C-3" }).lean()).toMatchObject({ code: "C-3" });
  });
});
