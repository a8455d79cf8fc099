import type { ClientSession, Collection, CollationOptions, Document } from "mongodb";
import { describe, expect, it } from "vitest";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();

/** Case-insensitive, accent-sensitive Spanish: PEÑA is peña, but not PENA. */
const ES2: CollationOptions = { locale: "es", strength: 2 };

interface Place extends Document {
  _id: number;
  name: string;
  tag?: number;
}

const PLACES: Place[] = [
  { _id: 1, name: "PEÑA" },
  { _id: 2, name: "PENA" },
  { _id: 3, name: "peña" },
  { _id: 4, name: "Pena" },
  { _id: 5, name: "Nuñez" },
  { _id: 6, name: "Ñandú" },
  { _id: 7, name: "Oca" },
  { _id: 8, name: "nube" },
];

function ids(docs: Document[]): unknown[] {
  return docs.map((doc) => doc._id as unknown).sort((a, b) => Number(a) - Number(b));
}

async function places(options: { index?: CollationOptions | "binary"; defaultCollation?: boolean } = {}) {
  const db = mongo.db("collationTxn");
  const places = options.defaultCollation
    ? await db.createCollection<Place>("places", { collation: ES2 })
    : db.collection<Place>("places");
  await places.insertMany(PLACES);
  if (options.index === "binary") await places.createIndex({ name: 1 });
  else if (options.index) await places.createIndex({ name: 1 }, { collation: options.index });
  return places;
}

/** Runs `body` in a transaction that has inserted Peña (uncommitted) first; aborts it afterwards. */
async function inTransaction(
  places: Collection<Place>,
  body: (session: ClientSession) => Promise<void>,
): Promise<void> {
  const session = mongo.client.startSession();
  try {
    session.startTransaction();
    await places.insertOne({ _id: 9, name: "Peña" }, { session });
    await body(session);
  } finally {
    if (session.inTransaction()) await session.abortTransaction();
    await session.endSession();
  }
}

/** Documents examined on a namespace while `run` executes. */
async function examinedBy(ns: string, run: () => Promise<unknown>): Promise<number> {
  const before = mongo.server.stats().namespaces[ns]?.docsExamined ?? 0;
  await run();
  return (mongo.server.stats().namespaces[ns]?.docsExamined ?? 0) - before;
}

describe("collation inside a transaction", () => {
  // A transaction reads through its own view of the collection (snapshot plus its uncommitted writes); a
  // collated query there must match what it matches outside, plus the transaction's own documents.
  it("matches as outside, with its own uncommitted insert, and binary without a collation", async () => {
    const coll = await places();
    expect(ids(await coll.find({ name: "peña" }, { collation: ES2 }).toArray())).toEqual([1, 3]);
    await inTransaction(coll, async (session) => {
      expect(ids(await coll.find({ name: "peña" }, { collation: ES2, session }).toArray())).toEqual([
        1, 3, 9,
      ]);
      expect(ids(await coll.find({ name: "peña" }, { session }).toArray())).toEqual([3]);
      expect(await coll.countDocuments({ name: "PEÑA" }, { collation: ES2, session })).toBe(3);
      const sorted = await coll
        .find({ name: /^p/i }, { collation: ES2, session })
        .sort({ name: 1, _id: 1 })
        .toArray();
      // Under es strength 2, pena sorts before peña (ñ is its own letter); case does not count.
      expect(sorted.map((doc) => doc._id)).toEqual([2, 4, 1, 3, 9]);
      // Outside, the insert is not there yet.
      expect(ids(await coll.find({ name: "peña" }, { collation: ES2 }).toArray())).toEqual([1, 3]);
    });
  });

  it("does not let a binary index answer a collated equality (which would miss PEÑA and Peña)", async () => {
    const coll = await places({ index: "binary" });
    await inTransaction(coll, async (session) => {
      expect(ids(await coll.find({ name: "peña" }, { collation: ES2, session }).toArray())).toEqual([
        1, 3, 9,
      ]);
      expect(ids(await coll.find({ name: "peña" }, { session }).toArray())).toEqual([3]);
    });
  });

  it("uses an index with the query's collation, still seeing the snapshot's version of a changed document", async () => {
    const coll = await places({ index: ES2 });
    const ns = `${coll.dbName}.${coll.collectionName}`;
    await inTransaction(coll, async (session) => {
      // Committed after the transaction started: the index no longer holds PEÑA, the snapshot still does.
      await coll.updateOne({ _id: 1 }, { $set: { name: "Oca" } });
      let found: Document[] = [];
      const examined = await examinedBy(ns, async () => {
        found = await coll.find({ name: "peña" }, { collation: ES2, session }).toArray();
      });
      expect(ids(found)).toEqual([1, 3, 9]);
      expect(found.find((doc) => doc._id === 1)?.name).toBe("PEÑA");
      expect(examined).toBeLessThan(PLACES.length);
    });
    expect(ids(await coll.find({ name: "peña" }, { collation: ES2 }).toArray())).toEqual([3]);
  });

  it("reads under the collection's default collation through the transaction's view", async () => {
    const coll = await places({ defaultCollation: true });
    await inTransaction(coll, async (session) => {
      expect(ids(await coll.find({ name: "peña" }, { session }).toArray())).toEqual([1, 3, 9]);
      expect(await coll.distinct("name", { name: "PEÑA" }, { session })).toHaveLength(1);
    });
  });

  it("updates and deletes under the collation, the commit applying exactly those", async () => {
    const coll = await places();
    const session = mongo.client.startSession();
    try {
      session.startTransaction();
      await coll.insertOne({ _id: 9, name: "Peña" }, { session });
      const updated = await coll.updateMany(
        { name: "peña" },
        { $set: { tag: 1 } },
        { collation: ES2, session },
      );
      expect(updated.modifiedCount).toBe(3);
      const deleted = await coll.deleteMany({ name: "pena" }, { collation: ES2, session });
      expect(deleted.deletedCount).toBe(2);
      expect(await coll.countDocuments({ tag: 1 })).toBe(0);
      await session.commitTransaction();
    } finally {
      await session.endSession();
    }
    expect(ids(await coll.find({ tag: 1 }).toArray())).toEqual([1, 3, 9]);
    expect(ids(await coll.find({}).toArray())).toEqual([1, 3, 5, 6, 7, 8, 9]);
  });
});
