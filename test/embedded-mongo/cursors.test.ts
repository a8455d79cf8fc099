import { BSON } from "bson";
import {
  type Collection,
  type CommandStartedEvent,
  type CommandSucceededEvent,
  type Db,
  type Document,
  Long,
  MongoClient,
} from "mongodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const mongo = useEmbeddedMongo();

/** Documents in the shared collection. */
const COUNT = 5000;

interface Num extends Document {
  n: number;
  /** A permutation of 0..COUNT-1, so sorting on it differs from natural order. */
  r: number;
  g: number;
}

/** One command as the driver sent it, with the reply it got. */
interface Exchange {
  name: string;
  command: Document;
  reply: Document | undefined;
}

/** A cursor id as a number (command monitoring and `db.command` promote longs to numbers). */
function idOf(cursor: unknown): number {
  const id = (cursor as Document | undefined)?.id as unknown;
  return id instanceof Long ? id.toNumber() : Number(id);
}

/** The documents of a cursor reply's batch. */
function batchOf(exchange: Exchange | undefined): Document[] {
  const cursor = exchange?.reply?.cursor as Document | undefined;
  return (cursor?.firstBatch ?? cursor?.nextBatch ?? []) as Document[];
}

let client: MongoClient;
let db: Db;
let numbers: Collection<Num>;
let ns: string;
let exchanges: Exchange[] = [];

/** The commands (and replies) the monitored client sent while `run` executed. */
async function recorded(run: () => Promise<unknown>): Promise<Exchange[]> {
  exchanges = [];
  await run();
  return exchanges.filter((e) => e.name !== "hello" && e.name !== "isMaster" && e.name !== "endSessions");
}

/** A per-collection command counter read from the server's statistics. */
function serverCount(namespace: string, command: string): number {
  return mongo.server.stats().namespaces[namespace]?.commands[command] ?? 0;
}

/** How many `command`s the server received on `namespace` while `run` executed. */
async function countedBy(namespace: string, command: string, run: () => Promise<unknown>): Promise<number> {
  const before = serverCount(namespace, command);
  await run();
  return serverCount(namespace, command) - before;
}

beforeAll(async () => {
  // A second client with command monitoring shows the batches as the driver received them.
  client = await MongoClient.connect(mongo.server.uri, { monitorCommands: true });
  const byRequest = new Map<number, Exchange>();
  client.on("commandStarted", (event: CommandStartedEvent) => {
    const exchange = { name: event.commandName, command: event.command, reply: undefined };
    byRequest.set(event.requestId, exchange);
    exchanges.push(exchange);
  });
  client.on("commandSucceeded", (event: CommandSucceededEvent) => {
    const exchange = byRequest.get(event.requestId);
    if (exchange) exchange.reply = event.reply as Document;
  });
  const name = mongo.db("cursors").databaseName;
  db = client.db(name);
  numbers = db.collection<Num>("numbers");
  ns = `${name}.numbers`;
  await numbers.insertMany(Array.from({ length: COUNT }, (_, n) => ({ n, r: (n * 7919) % COUNT, g: n % 7 })));
});

afterAll(async () => {
  await client?.close();
});

describe("cursors over thousands of documents", () => {
  it("returns all 5,000 documents through 49 getMores after a first batch of 100 (batchSize 100)", async () => {
    let docs: Num[] = [];
    let seen: Exchange[] = [];
    const getMores = await countedBy(ns, "getMore", async () => {
      seen = await recorded(async () => (docs = await numbers.find({}, { batchSize: 100 }).toArray()));
    });
    expect(docs).toHaveLength(COUNT);
    expect(docs.map((doc) => doc.n)).toEqual(Array.from({ length: COUNT }, (_, n) => n));
    // 100 in the first batch, then (5000 - 100) / 100 = 49 getMores of 100; the last one closes the cursor.
    expect(getMores).toBe(49);
    expect(seen.map((e) => e.name)).toEqual(["find", ...Array<string>(49).fill("getMore")]);
    expect(seen.map((e) => batchOf(e).length)).toEqual(Array<number>(50).fill(100));
    expect(idOf(seen.at(-1)?.reply?.cursor)).toBe(0);
    expect(serverCount(ns, "killCursors")).toBe(0);
  });

  it("sends a default first batch of 101 and the rest in one getMore without batchSize", async () => {
    let docs: Num[] = [];
    let seen: Exchange[] = [];
    const getMores = await countedBy(ns, "getMore", async () => {
      seen = await recorded(async () => (docs = await numbers.find({}).toArray()));
    });
    expect(docs).toHaveLength(COUNT);
    expect(getMores).toBe(1);
    const [find, getMore] = seen;
    expect(find?.command.batchSize).toBeUndefined();
    expect(batchOf(find)).toHaveLength(101);
    expect(getMore?.name).toBe("getMore");
    expect(getMore?.command.batchSize).toBeUndefined();
    expect(batchOf(getMore)).toHaveLength(COUNT - 101);
  });

  it("stops at the limit when limit and batchSize are combined", async () => {
    let docs: Num[] = [];
    let seen: Exchange[] = [];
    // 250 documents in batches of 100: the first batch, then getMores of 100 and 50.
    let getMores = await countedBy(ns, "getMore", async () => {
      seen = await recorded(
        async () => (docs = await numbers.find({}, { limit: 250, batchSize: 100 }).toArray()),
      );
    });
    expect(docs.map((doc) => doc.n)).toEqual(Array.from({ length: 250 }, (_, n) => n));
    expect(getMores).toBe(2);
    expect(seen.map((e) => batchOf(e).length)).toEqual([100, 100, 50]);

    // A limit equal to the batch size fits in the first batch: the server closes the cursor at once.
    getMores = await countedBy(ns, "getMore", async () => {
      seen = await recorded(
        async () => (docs = await numbers.find({}, { limit: 100, batchSize: 100 }).toArray()),
      );
    });
    expect(docs).toHaveLength(100);
    expect(getMores).toBe(0);
    expect(idOf(seen[0]?.reply?.cursor)).toBe(0);

    // A limit below the batch size likewise.
    getMores = await countedBy(ns, "getMore", async () => {
      docs = await numbers.find({ g: 3 }, { limit: 30, batchSize: 100 }).toArray();
    });
    expect(docs).toHaveLength(30);
    expect(docs.every((doc) => doc.g === 3)).toBe(true);
    expect(getMores).toBe(0);
  });

  it("sorts, skips and limits over thousands of documents across batches", async () => {
    let docs: Num[] = [];
    const getMores = await countedBy(ns, "getMore", async () => {
      docs = await numbers.find({}, { sort: { r: -1 }, skip: 1234, limit: 2000, batchSize: 300 }).toArray();
    });
    // r runs from 4999 down: skipping 1234 starts at 3765; 2000 documents end at 1766.
    expect(docs.map((doc) => doc.r)).toEqual(Array.from({ length: 2000 }, (_, i) => 3765 - i));
    // 300 in the first batch, then 1700 in getMores of 300, 300, 300, 300, 300 and 200.
    expect(getMores).toBe(6);

    const all = Array.from({ length: COUNT }, (_, n) => ({ n, g: n % 7 }));
    const expected = all
      .sort((a, b) => a.g - b.g || b.n - a.n)
      .slice(2500, 2500 + 1500)
      .map((doc) => doc.n);
    docs = await numbers
      .find({}, { sort: { g: 1, n: -1 }, skip: 2500, limit: 1500, batchSize: 400 })
      .toArray();
    expect(docs.map((doc) => doc.n)).toEqual(expected);
  });

  it("returns aggregate results in batches of the cursor's batchSize", async () => {
    let docs: Document[] = [];
    let seen: Exchange[] = [];
    const pipeline = [
      { $match: { n: { $gte: 1000 } } },
      { $sort: { n: -1 } },
      { $project: { _id: 0, n: 1 } },
    ];
    const getMores = await countedBy(ns, "getMore", async () => {
      seen = await recorded(
        async () => (docs = await numbers.aggregate(pipeline, { batchSize: 250 }).toArray()),
      );
    });
    expect(docs).toEqual(Array.from({ length: 4000 }, (_, i) => ({ n: 4999 - i })));
    // 4000 results: 250 in the first batch, then 3750 / 250 = 15 getMores.
    expect(getMores).toBe(15);
    expect(seen[0]?.name).toBe("aggregate");
    expect(seen.map((e) => batchOf(e).length)).toEqual(Array<number>(16).fill(250));
  });
});

describe("closing cursors", () => {
  it("sends killCursors on close, after which a getMore on that id fails with CursorNotFound (43)", async () => {
    const cursor = numbers.find({}, { batchSize: 10 });
    const first = await cursor.next();
    expect(first?.n).toBe(0);
    const id = cursor.id;
    expect(id).toBeInstanceOf(Long);
    expect(id?.isZero()).toBe(false);

    let seen: Exchange[] = [];
    const kills = await countedBy(ns, "killCursors", async () => {
      seen = await recorded(() => cursor.close());
    });
    expect(kills).toBe(1);
    expect(seen[0]?.reply).toMatchObject({ cursorsKilled: [id?.toNumber()], cursorsNotFound: [], ok: 1 });

    await expect(db.command({ getMore: id, collection: "numbers" })).rejects.toMatchObject({
      code: 43,
      codeName: "CursorNotFound",
    });
  });

  it("lets a cursor continue on another pooled connection until it is exhausted, then forgets it", async () => {
    const reply = await db.command(
      { find: "numbers", filter: { g: 0 }, batchSize: 5 },
      { promoteLongs: false },
    );
    const id = (reply.cursor as Document).id as Long;
    expect(id).toBeInstanceOf(Long);
    expect((reply.cursor as Document).firstBatch).toHaveLength(5);
    // The fixture's client is a different connection pool.
    const next = await mongo.client
      .db(db.databaseName)
      .command({ getMore: id, collection: "numbers", batchSize: 10_000 });
    expect((next.cursor as Document).nextBatch).toHaveLength(Math.ceil(COUNT / 7) - 5);
    expect(idOf(next.cursor)).toBe(0);
    await expect(db.command({ getMore: id, collection: "numbers" })).rejects.toMatchObject({ code: 43 });
  });
});

describe("cursor snapshots", () => {
  it("returns the documents as they were when the query ran, even if they are updated or deleted between batches", async () => {
    // The embedded server materialises a result set when the cursor opens (MongoDB would show later changes).
    const coll = db.collection<{ _id: number; v: string }>("snapshot");
    await coll.insertMany(Array.from({ length: 30 }, (_, i) => ({ _id: i, v: "original" })));
    const cursor = coll.find({}, { batchSize: 10 });
    const seen: Document[] = [];
    for (let i = 0; i < 10; i++) seen.push((await cursor.next()) as Document);
    expect(cursor.bufferedCount()).toBe(0);

    await coll.updateMany({}, { $set: { v: "changed" } });
    await coll.deleteMany({ _id: { $gte: 20 } });
    await coll.insertOne({ _id: 100, v: "new" });

    seen.push(...(await cursor.toArray()));
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => ({ _id: i, v: "original" })));
    // A new query sees the changes.
    expect(await coll.find({}).toArray()).toEqual([
      ...Array.from({ length: 20 }, (_, i) => ({ _id: i, v: "changed" })),
      { _id: 100, v: "new" },
    ]);
  });
});

describe("batches of large documents", () => {
  it("cuts batches at 16 MiB: 40 documents of ~1 MiB arrive 16, 16 and 8 with a batchSize of 1000", async () => {
    const coll = db.collection<{ _id: number; payload: string }>("large");
    const payload = "x".repeat(1_000_000);
    await coll.insertMany(Array.from({ length: 40 }, (_, i) => ({ _id: i, payload })));
    const docSize = BSON.calculateObjectSize({ _id: 0, payload });
    const perBatch = Math.floor((16 * 1024 * 1024) / docSize);
    expect(perBatch).toBe(16);

    let docs: Document[] = [];
    let seen: Exchange[] = [];
    const getMores = await countedBy(`${db.databaseName}.large`, "getMore", async () => {
      seen = await recorded(async () => (docs = await coll.find({}, { batchSize: 1000 }).toArray()));
    });
    expect(seen.map((e) => batchOf(e).length)).toEqual([16, 16, 8]);
    expect(getMores).toBe(2);
    expect(docs.map((doc) => doc._id as number)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(docs.every((doc) => doc.payload === payload)).toBe(true);
  });
});
