import { randomUUID } from "node:crypto";
import { Binary, Long, MongoClient, MongoServerError, type Document } from "mongodb";
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RawClient } from "./raw-client.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();

/** A session id as drivers send it (`lsid: {id: UUID}`). */
function lsid(): Document {
  return { id: new Binary(Buffer.from(randomUUID().replaceAll("-", ""), "hex"), Binary.SUBTYPE_UUID) };
}

/** The error a promise rejects with (the test fails if it resolves). */
async function failure(promise: Promise<unknown>): Promise<MongoServerError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MongoServerError);
    return error as MongoServerError;
  }
  throw new Error("expected the operation to fail");
}

describe("the replica-set handshake", () => {
  it("answers hello as the primary of rs0, so the driver sees a replica set with a primary", async () => {
    const reply = await mongo.client.db("admin").command({ hello: 1 });
    const me = new URL(mongo.server.uri).host;
    expect(mongo.server.uri).toContain("replicaSet=rs0");
    expect(reply).toMatchObject({ setName: "rs0", isWritablePrimary: true, hosts: [me], me, primary: me });
    expect(reply.electionId).toBeDefined();
    expect(reply.logicalSessionTimeoutMinutes).toBe(30);
    expect(mongo.client.options.replicaSet).toBe("rs0");
  });

  it("still answers as a standalone when started without a replica set", async () => {
    const standalone = await startEmbeddedMongo({ replicaSet: false });
    const client = await MongoClient.connect(standalone.uri);
    try {
      const reply = await client.db("admin").command({ hello: 1 });
      expect(reply.setName).toBeUndefined();
      expect(standalone.uri).not.toContain("replicaSet");
    } finally {
      await client.close();
      await standalone.stop();
    }
  });
});

describe("retryable writes", () => {
  it("sends txnNumber with single-document writes, and a retried statement is not applied twice", async () => {
    const db = mongo.db("retry");
    await db.collection("counters").insertOne({ _id: "c" as never, n: 0 });
    const raw = await RawClient.connect(mongo.server.port);
    const session = lsid();
    const update = {
      update: "counters",
      updates: [{ q: { _id: "c" }, u: { $inc: { n: 1 } } }],
      lsid: session,
      txnNumber: Long.fromNumber(7),
      $db: db.databaseName,
    };
    expect(await raw.command(update)).toMatchObject({ n: 1, nModified: 1, ok: 1 });
    expect(await raw.command(update)).toMatchObject({ n: 1, nModified: 1, ok: 1 });
    expect(await db.collection("counters").findOne({ _id: "c" as never })).toMatchObject({ n: 1 });

    const insert = {
      insert: "counters",
      documents: [{ _id: "d", n: 5 }],
      lsid: session,
      txnNumber: Long.fromNumber(8),
      $db: db.databaseName,
    };
    expect(await raw.command(insert)).toMatchObject({ n: 1, ok: 1 });
    expect(await raw.command(insert)).toMatchObject({ n: 1, ok: 1 });
    expect(await db.collection("counters").countDocuments()).toBe(2);

    // An older number than the session's last is refused.
    expect(await raw.command({ ...update, txnNumber: Long.fromNumber(6) })).toMatchObject({
      ok: 0,
      code: 225,
      codeName: "TransactionTooOld",
    });
    expect(await db.collection("counters").findOne({ _id: "c" as never })).toMatchObject({ n: 1 });
    raw.destroy();
  });

  it("gets txnNumber from the driver on insertOne and findOneAndUpdate", async () => {
    const client = await MongoClient.connect(mongo.server.uri, { monitorCommands: true });
    const seen: Document[] = [];
    client.on("commandStarted", (event) => seen.push(event.command));
    try {
      const items = client.db(mongo.db("driver").databaseName).collection("items");
      await items.insertOne({ a: 1 });
      await items.findOneAndUpdate({ a: 1 }, { $set: { b: 2 } });
      const writes = seen.filter((command) => "insert" in command || "findAndModify" in command);
      expect(writes).toHaveLength(2);
      for (const command of writes) expect(command.txnNumber).toBeDefined();
    } finally {
      await client.close();
    }
  });
});

describe("transactions through the driver", () => {
  it("commits writes to two collections together, invisible outside until the commit", async () => {
    const db = mongo.db("txn");
    const records = db.collection("records");
    const counters = db.collection("counters");
    await counters.insertOne({ _id: "records" as never, n: 0 });
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await records.insertOne({ name: "first" }, { session });
      await counters.updateOne({ _id: "records" as never }, { $inc: { n: 1 } }, { session });
      // Inside, the transaction sees its own writes; outside, nothing has happened yet.
      expect(await records.countDocuments({}, { session })).toBe(1);
      expect(await records.countDocuments()).toBe(0);
      expect(await counters.findOne({ _id: "records" as never })).toMatchObject({ n: 0 });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await records.countDocuments()).toBe(1);
    expect(await counters.findOne({ _id: "records" as never })).toMatchObject({ n: 1 });
  });

  it("reads the snapshot of its start: a later commit (update, insert, delete) stays unseen", async () => {
    const db = mongo.db("snapshot");
    const items = db.collection("items");
    await items.insertMany([
      { _id: 1 as never, v: "old" },
      { _id: 2 as never, v: "doomed" },
    ]);
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      expect(await items.countDocuments({}, { session })).toBe(2);
      await items.updateOne({ _id: 1 as never }, { $set: { v: "new" } });
      await items.deleteOne({ _id: 2 as never });
      await items.insertOne({ _id: 3 as never, v: "late" });
      const seen = await items.find({}, { session }).sort({ _id: 1 }).toArray();
      expect(seen).toEqual([
        { _id: 1, v: "old" },
        { _id: 2, v: "doomed" },
      ]);
      // An index lookup by the new value finds nothing in the snapshot; by the old one it finds the old version.
      expect(await items.findOne({ v: "new" }, { session })).toBeNull();
      expect(await items.findOne({ _id: 1 as never, v: "old" }, { session })).toEqual({ _id: 1, v: "old" });
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(await items.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, v: "new" },
      { _id: 3, v: "late" },
    ]);
  });

  it("answers WriteConflict (TransientTransactionError) to a second writer of a document, and aborts it", async () => {
    const items = mongo.db("conflict").collection("items");
    await items.insertOne({ _id: 1 as never, v: 0 });
    const first = mongo.client.startSession();
    const second = mongo.client.startSession();
    try {
      first.startTransaction();
      second.startTransaction();
      await items.updateOne({ _id: 1 as never }, { $set: { v: 1 } }, { session: first });
      const conflict = await failure(
        items.updateOne({ _id: 1 as never }, { $set: { v: 2 } }, { session: second }),
      );
      expect(conflict.code).toBe(112);
      expect(conflict.codeName).toBe("WriteConflict");
      expect(conflict.hasErrorLabel("TransientTransactionError")).toBe(true);
      // The losing transaction is aborted: its next statement answers NoSuchTransaction.
      const aborted = await failure(items.findOne({}, { session: second }));
      expect(aborted.code).toBe(251);
      expect(aborted.hasErrorLabel("TransientTransactionError")).toBe(true);
      await second.abortTransaction();
      await first.commitTransaction();
    } finally {
      await first.endSession();
      await second.endSession();
    }
    expect(await items.findOne({ _id: 1 as never })).toEqual({ _id: 1, v: 1 });
  });

  it("answers WriteConflict to a write of a document committed after the transaction began", async () => {
    const items = mongo.db("conflict").collection("late");
    await items.insertOne({ _id: 1 as never, v: 0 });
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await items.findOne({}, { session }); // the snapshot is taken
      await items.updateOne({ _id: 1 as never }, { $set: { v: "outside" } });
      const conflict = await failure(items.deleteOne({ _id: 1 as never }, { session }));
      expect(conflict.code).toBe(112);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await items.findOne({ _id: 1 as never })).toEqual({ _id: 1, v: "outside" });
  });

  it("lets a write outside a transaction win; the transaction then fails with a TransientTransactionError", async () => {
    const items = mongo.db("outside").collection("items");
    await items.insertOne({ _id: 1 as never, v: 0 });
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await items.updateOne({ _id: 1 as never }, { $set: { v: "txn" } }, { session });
      await items.updateOne({ _id: 1 as never }, { $set: { v: "outside" } });
      const failed = await failure(session.commitTransaction());
      expect(failed.code).toBe(251);
      expect(failed.hasErrorLabel("TransientTransactionError")).toBe(true);
    } finally {
      await session.endSession();
    }
    expect(await items.findOne({ _id: 1 as never })).toEqual({ _id: 1, v: "outside" });
  });

  it("retries with withTransaction until concurrent increments all commit, each exactly once", async () => {
    const counters = mongo.db("retry").collection("counters");
    await counters.insertOne({ _id: "hits" as never, n: 0 });
    let attempts = 0;
    const increment = async (): Promise<void> => {
      const session = mongo.client.startSession();
      try {
        await session.withTransaction(async () => {
          attempts++;
          const current = await counters.findOne({ _id: "hits" as never }, { session });
          await new Promise((resolve) => setImmediate(resolve)); // let the others interleave
          await counters.updateOne(
            { _id: "hits" as never },
            { $set: { n: (current?.n as number) + 1 } },
            { session },
          );
        });
      } finally {
        await session.endSession();
      }
    };
    await Promise.all(Array.from({ length: 5 }, increment));
    expect(await counters.findOne({ _id: "hits" as never })).toMatchObject({ n: 5 });
    expect(attempts).toBeGreaterThan(5);
  });

  it("leaves nothing behind when aborted: inserts, updates and deletes are dropped", async () => {
    const items = mongo.db("abort").collection("items");
    await items.insertMany([
      { _id: 1 as never, v: "a" },
      { _id: 2 as never, v: "b" },
    ]);
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await items.insertOne({ _id: 3 as never, v: "c" }, { session });
      await items.updateOne({ _id: 1 as never }, { $set: { v: "changed" } }, { session });
      await items.deleteOne({ _id: 2 as never }, { session });
      expect(await items.countDocuments({}, { session })).toBe(2);
      await session.abortTransaction();
    } finally {
      await session.endSession();
    }
    expect(await items.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, v: "a" },
      { _id: 2, v: "b" },
    ]);
  });

  it("checks unique indexes against the transaction's view, and again at commit", async () => {
    const users = mongo.db("unique").collection("users");
    await users.createIndex({ email: 1 }, { unique: true });
    await users.insertOne({ _id: 1 as never, email: "a@x" });

    // Inside: its own insert is a duplicate; freeing a key and taking it in the same transaction is not.
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await users.updateOne({ _id: 1 as never }, { $set: { email: "b@x" } }, { session });
      await users.insertOne({ _id: 2 as never, email: "a@x" }, { session });
      const duplicate = await failure(users.insertOne({ _id: 3 as never, email: "b@x" }, { session }));
      expect(duplicate.code).toBe(11000);
      expect(duplicate.message).toContain("email_1");
      // A failed statement aborts the transaction, as in MongoDB.
      expect((await failure(session.commitTransaction())).code).toBe(251);
    } finally {
      await session.endSession();
    }
    expect(await users.find({}).toArray()).toEqual([{ _id: 1, email: "a@x" }]);

    // At commit: a key taken outside while the transaction was open fails the commit, which applies nothing.
    const late = mongo.client.startSession();
    try {
      late.startTransaction();
      await users.updateOne({ _id: 1 as never }, { $set: { email: "c@x" } }, { session: late });
      await users.insertOne({ _id: 4 as never, email: "d@x" }, { session: late });
      await users.insertOne({ _id: 5 as never, email: "d@x" });
      const failed = await failure(late.commitTransaction());
      expect(failed.code).toBe(11000);
    } finally {
      await late.endSession();
    }
    expect(await users.find({}).sort({ _id: 1 }).toArray()).toEqual([
      { _id: 1, email: "a@x" },
      { _id: 5, email: "d@x" },
    ]);
  });

  it("answers a retried commitTransaction ok, and abort after commit or an unknown number with errors", async () => {
    const db = mongo.db("commit");
    const raw = await RawClient.connect(mongo.server.port);
    const session = lsid();
    const txn = (n: number): Document => ({
      lsid: session,
      txnNumber: Long.fromNumber(n),
      autocommit: false,
    });
    expect(
      await raw.command({
        insert: "items",
        documents: [{ _id: 1 }],
        ...txn(1),
        startTransaction: true,
        $db: db.databaseName,
      }),
    ).toMatchObject({ n: 1, ok: 1 });
    expect(await raw.command({ commitTransaction: 1, ...txn(1), $db: "admin" })).toMatchObject({ ok: 1 });
    expect(await raw.command({ commitTransaction: 1, ...txn(1), $db: "admin" })).toMatchObject({ ok: 1 });
    expect(await raw.command({ abortTransaction: 1, ...txn(1), $db: "admin" })).toMatchObject({
      ok: 0,
      codeName: "TransactionCommitted",
    });
    expect(await raw.command({ commitTransaction: 1, ...txn(2), $db: "admin" })).toMatchObject({
      ok: 0,
      code: 251,
      codeName: "NoSuchTransaction",
      errorLabels: ["TransientTransactionError"],
    });
    expect(await raw.command({ find: "items", ...txn(2), $db: db.databaseName })).toMatchObject({
      ok: 0,
      code: 251,
    });
    // Commands a transaction may not run are refused, and abort it.
    expect(
      await raw.command({ count: "items", ...txn(3), startTransaction: true, $db: db.databaseName }),
    ).toMatchObject({ ok: 0, codeName: "OperationNotSupportedInTransaction" });
    expect(await db.collection("items").countDocuments()).toBe(1);
    raw.destroy();
  });

  it("aborts a transaction whose session ends", async () => {
    const items = mongo.db("end").collection("items");
    const client = await MongoClient.connect(mongo.server.uri);
    const session = client.startSession();
    session.startTransaction();
    await client.db(items.dbName).collection("items").insertOne({ a: 1 }, { session });
    await client.close(true); // ends its sessions without committing
    expect(await items.countDocuments()).toBe(0);
  });
});

describe("the transaction lifetime limit", () => {
  let server: EmbeddedMongo;
  let client: MongoClient;
  beforeAll(async () => {
    server = await startEmbeddedMongo({ transactionLifetimeSeconds: 0.2 });
    client = await MongoClient.connect(server.uri);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it("aborts a transaction idle past the limit: its next statement answers NoSuchTransaction", async () => {
    const items = client.db("lifetime").collection("items");
    const session = client.startSession();
    try {
      session.startTransaction();
      await items.insertOne({ a: 1 }, { session });
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const expired = await failure(items.insertOne({ a: 2 }, { session }));
      expect(expired.code).toBe(251);
      expect(expired.message).toMatch(/lifetime limit/);
      await session.abortTransaction().catch(() => undefined);
    } finally {
      await session.endSession();
    }
    expect(await items.countDocuments()).toBe(0);
  });
});

describe("mongoose transactions", () => {
  const Account = new mongoose.Schema({ owner: { type: String, unique: true }, balance: Number });
  let connection: mongoose.Connection;
  beforeAll(async () => {
    connection = await mongoose
      .createConnection(mongo.server.uri, { dbName: mongo.db("mongoose").databaseName })
      .asPromise();
    await connection.model("Account", Account).init();
  });
  afterAll(async () => {
    await connection.close();
  });

  it("commits connection.transaction() as a whole, and rolls all of it back when the callback throws", async () => {
    const Accounts = connection.model("Account", Account);
    await Accounts.create([
      { owner: "ana", balance: 100 },
      { owner: "luis", balance: 0 },
    ]);
    await connection.transaction(async (session) => {
      await Accounts.updateOne({ owner: "ana" }, { $inc: { balance: -40 } }, { session });
      await Accounts.updateOne({ owner: "luis" }, { $inc: { balance: 40 } }, { session });
      await Accounts.create([{ owner: "rosa", balance: 1 }], { session });
    });
    const after = await Accounts.find({}, { _id: 0, owner: 1, balance: 1 }).sort({ owner: 1 }).lean();
    expect(after).toEqual([
      { owner: "ana", balance: 60 },
      { owner: "luis", balance: 40 },
      { owner: "rosa", balance: 1 },
    ]);

    await expect(
      connection.transaction(async (session) => {
        await Accounts.updateOne({ owner: "ana" }, { $inc: { balance: -60 } }, { session });
        await Accounts.create([{ owner: "luis", balance: 5 }], { session }); // duplicate owner
      }),
    ).rejects.toMatchObject({ code: 11000 });
    expect(await Accounts.findOne({ owner: "ana" }).lean()).toMatchObject({ balance: 60 });
    expect(await Accounts.countDocuments()).toBe(3);
  });
});
