import { BSON, type Document } from "bson";
import { MongoClient, MongoServerError } from "mongodb";
import { afterEach, describe, expect, it } from "vitest";
import {
  crc32c,
  encodeCommand,
  encodeMsg,
  encodeQuery,
  EXHAUST_ALLOWED,
  MORE_TO_COME,
  OP_MSG,
  OP_REPLY,
  RawClient,
} from "./raw-client.ts";
import { useEmbeddedMongo } from "../support/embedded-mongo.ts";

const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

const mongo = useEmbeddedMongo();
const opened: RawClient[] = [];
let dbCounter = 0;

/** A raw connection to the server, destroyed after the test. */
async function raw(): Promise<RawClient> {
  const client = await RawClient.connect(mongo.server.port);
  opened.push(client);
  return client;
}

/** A database name no other test in this file uses. */
function freshDb(): string {
  return `wire_${process.pid}_${++dbCounter}`;
}

/** The documents of a `find` reply's first batch. */
function firstBatch(reply: Document): Document[] {
  return (reply.cursor as { firstBatch: Document[] }).firstBatch;
}

afterEach(() => {
  for (const client of opened.splice(0)) client.destroy();
});

describe("the OP_QUERY handshake", () => {
  it("answers isMaster on admin.$cmd with an OP_REPLY carrying the legacy hello document", async () => {
    const client = await raw();
    const request = encodeQuery("admin.$cmd", {
      isMaster: 1,
      helloOk: true,
      client: { driver: { name: "raw", version: "0" } },
      compression: ["zstd", "snappy", "zlib"],
    });
    const reply = await client.request(request);

    expect(reply.kind).toBe("reply");
    if (reply.kind !== "reply") return;
    expect(reply.header.opCode).toBe(OP_REPLY);
    expect(reply.header.responseTo).toBe(request.requestId);
    expect(reply.header.length).toBeGreaterThan(16 + 20);
    expect(reply.numberReturned).toBe(1);
    expect(reply.cursorId).toBe(0n);
    expect(reply.startingFrom).toBe(0);
    expect(reply.documents).toHaveLength(1);
    const doc = reply.documents[0];
    expect(doc).toMatchObject({
      ismaster: true,
      helloOk: true,
      maxWireVersion: 21,
      minWireVersion: 0,
      logicalSessionTimeoutMinutes: 30,
      maxBsonObjectSize: MAX_BSON_OBJECT_SIZE,
      maxMessageSizeBytes: 48_000_000,
      maxWriteBatchSize: 100_000,
      ok: 1,
    });
    expect(doc?.connectionId).toEqual(expect.any(Number));
    expect(doc).not.toHaveProperty("topologyVersion");
    expect(doc).not.toHaveProperty("compression");
    expect(doc).not.toHaveProperty("isWritablePrimary");
    // The primary of the one-member replica set rs0, reachable at the address it reports.
    const me = new URL(mongo.server.uri).host;
    expect(doc).toMatchObject({
      setName: "rs0",
      setVersion: 1,
      hosts: [me],
      me,
      primary: me,
      secondary: false,
    });
    expect(doc?.$clusterTime?.clusterTime).toEqual(doc?.operationTime);
  });

  it("gives each connection its own connectionId", async () => {
    const first = await (await raw()).handshake();
    const second = await (await raw()).handshake();

    expect(first.connectionId).toEqual(expect.any(Number));
    expect(second.connectionId).toEqual(expect.any(Number));
    expect(second.connectionId).not.toBe(first.connectionId);
  });

  it("accepts the handshake wrapped in $query, as older drivers send it", async () => {
    const client = await raw();
    const reply = await client.request(encodeQuery("admin.$cmd", { $query: { isMaster: 1 } }));

    expect(reply.kind === "reply" && reply.documents[0]).toMatchObject({ ismaster: true, ok: 1 });
  });

  it("refuses a non-handshake command over OP_QUERY with UnsupportedOpQueryCommand and stays usable", async () => {
    const client = await raw();
    const db = freshDb();
    const request = encodeQuery(`${db}.$cmd`, { find: "things", filter: {} });
    const reply = await client.request(request);

    expect(reply.kind).toBe("reply");
    expect(reply.kind === "reply" && reply.documents[0]).toMatchObject({
      ok: 0,
      code: 352,
      codeName: "UnsupportedOpQueryCommand",
    });
    expect(await client.command({ ping: 1, $db: "admin" })).toMatchObject({ ok: 1 });
  });
});

describe("OP_MSG", () => {
  it("answers hello with isWritablePrimary and without ismaster", async () => {
    const client = await raw();
    const request = encodeCommand({ hello: 1, $db: "admin" });
    const reply = await client.request(request);

    expect(reply.kind).toBe("msg");
    expect(reply.header.opCode).toBe(OP_MSG);
    expect(reply.header.responseTo).toBe(request.requestId);
    if (reply.kind !== "msg") return;
    expect(reply.flags).toBe(0);
    expect(reply.body).toMatchObject({ isWritablePrimary: true, helloOk: true, maxWireVersion: 21, ok: 1 });
    expect(reply.body).not.toHaveProperty("ismaster");
    expect(reply.body).not.toHaveProperty("topologyVersion");
  });

  it("merges a kind-1 documents sequence into insert, so that find returns the documents", async () => {
    const client = await raw();
    const db = freshDb();
    const documents = [
      { _id: 1, name: "a" },
      { _id: 2, name: "b" },
      { _id: 3, name: "c" },
    ];
    const inserted = await client.command({ insert: "things", ordered: true, $db: db }, [
      { kind: 1, identifier: "documents", docs: documents },
    ]);
    const found = await client.command({ find: "things", filter: {}, sort: { _id: 1 }, $db: db });

    expect(inserted).toEqual({ n: 3, ok: 1 });
    expect(firstBatch(found)).toEqual(documents);
  });

  it("merges kind-1 updates and deletes sequences into update and delete", async () => {
    const client = await raw();
    const db = freshDb();
    await client.command({ insert: "things", $db: db }, [
      { kind: 1, identifier: "documents", docs: [{ _id: 1 }, { _id: 2 }, { _id: 3 }] },
    ]);
    const updated = await client.command({ update: "things", $db: db }, [
      {
        kind: 1,
        identifier: "updates",
        docs: [
          { q: { _id: 1 }, u: { $set: { seen: true } } },
          { q: { _id: 2 }, u: { $set: { seen: true } } },
        ],
      },
    ]);
    const deleted = await client.command({ delete: "things", $db: db }, [
      { kind: 1, identifier: "deletes", docs: [{ q: { _id: 3 }, limit: 1 }] },
    ]);
    const found = await client.command({ find: "things", filter: {}, sort: { _id: 1 }, $db: db });

    expect(updated).toMatchObject({ n: 2, nModified: 2, ok: 1 });
    expect(deleted).toMatchObject({ n: 1, ok: 1 });
    expect(firstBatch(found)).toEqual([
      { _id: 1, seen: true },
      { _id: 2, seen: true },
    ]);
  });

  it("sends no reply to a message flagged moreToCome, yet performs it", async () => {
    const client = await raw();
    const db = freshDb();
    const insert = encodeMsg(
      [
        { kind: 0, doc: { insert: "things", writeConcern: { w: 0 }, $db: db } },
        { kind: 1, identifier: "documents", docs: [{ _id: "quiet" }] },
      ],
      { flags: MORE_TO_COME },
    );
    const ping = encodeCommand({ ping: 1, $db: "admin" });
    client.send(Buffer.concat([insert.bytes, ping.bytes]));

    // Replies come in request order, so a reply to the insert would arrive before the ping's.
    const first = await client.nextReply();
    expect(first.header.responseTo).toBe(ping.requestId);
    expect(first.kind === "msg" && first.body).toEqual({ ok: 1 });
    const found = await client.command({ find: "things", filter: {}, $db: db });
    expect(firstBatch(found)).toEqual([{ _id: "quiet" }]);
    expect(client.unread).toBe(0);
  });

  it("sends no reply to endSessions flagged moreToCome, as drivers send it at close", async () => {
    const client = await raw();
    const endSessions = encodeCommand(
      { endSessions: [{ id: new BSON.UUID() }], writeConcern: { w: 0 }, $db: "admin" },
      { flags: MORE_TO_COME },
    );
    const ping = encodeCommand({ ping: 1, $db: "admin" });
    client.send(Buffer.concat([endSessions.bytes, ping.bytes]));

    const reply = await client.nextReply();
    expect(reply.header.responseTo).toBe(ping.requestId);
  });

  it("accepts an OP_MSG with the checksum flag and a trailing CRC-32C", async () => {
    expect(crc32c(Buffer.from("123456789"))).toBe(0xe3069283); // the CRC-32C check value
    const client = await raw();
    const db = freshDb();
    const ping = encodeCommand({ ping: 1, $db: "admin" }, { checksum: true });
    expect(ping.bytes.readUInt32LE(16) & 1).toBe(1);

    const pong = await client.request(ping);
    const inserted = await client.request(
      encodeMsg(
        [
          { kind: 0, doc: { insert: "things", $db: db } },
          { kind: 1, identifier: "documents", docs: [{ _id: 1 }, { _id: 2 }] },
        ],
        { checksum: true },
      ),
    );
    const found = await client.command({ find: "things", filter: {}, $db: db });

    expect(pong.kind === "msg" && pong.body).toEqual({ ok: 1 });
    expect(inserted.kind === "msg" && inserted.body).toEqual({ n: 2, ok: 1 });
    expect(firstBatch(found)).toHaveLength(2);
  });

  it("ignores optional flag bits such as exhaustAllowed and answers normally", async () => {
    const client = await raw();
    const reply = await client.request(
      encodeCommand({ ping: 1, $db: "admin" }, { flags: EXHAUST_ALLOWED | (1 << 20) }),
    );

    expect(reply.kind === "msg" && reply.body).toEqual({ ok: 1 });
    expect(client.isClosed).toBe(false);
  });

  it("answers an unknown command with CommandNotFound and keeps the connection usable", async () => {
    const client = await raw();
    const reply = await client.command({ frobnicate: 1, $db: "admin" });

    expect(reply).toMatchObject({ ok: 0, code: 59, codeName: "CommandNotFound" });
    expect(reply.errmsg).toContain("frobnicate");
    expect(await client.command({ ping: 1, $db: "admin" })).toEqual({ ok: 1 });
  });

  it("treats command names that are Object.prototype properties as unknown commands", async () => {
    const client = await raw();
    for (const name of ["toString", "constructor", "hasOwnProperty", "__proto__"]) {
      const reply = await client.command({ [name]: 1, $db: "admin" });
      expect(reply, name).toMatchObject({ ok: 0, code: 59, codeName: "CommandNotFound" });
    }
    expect(await client.command({ ping: 1, $db: "admin" })).toEqual({ ok: 1 });
  });

  it("answers several requests sent in one packet in order, each with its own responseTo", async () => {
    const client = await raw();
    const requests = [
      encodeCommand({ ping: 1, $db: "admin" }),
      encodeCommand({ frobnicate: 1, $db: "admin" }),
      encodeCommand({ hello: 1, $db: "admin" }),
    ];
    client.send(Buffer.concat(requests.map((request) => request.bytes)));

    const replies = [await client.nextReply(), await client.nextReply(), await client.nextReply()];
    expect(replies.map((reply) => reply.header.responseTo)).toEqual(requests.map((r) => r.requestId));
    expect(replies.map((reply) => reply.kind === "msg" && reply.body.ok)).toEqual([1, 0, 1]);
  });

  it("reassembles a message that arrives in many small pieces", async () => {
    const client = await raw();
    const request = encodeCommand({ ping: 1, $db: "admin" });
    for (let offset = 0; offset < request.bytes.length; offset += 3) {
      client.send(request.bytes.subarray(offset, offset + 3));
      await new Promise((resolve) => setImmediate(resolve));
    }

    const reply = await client.nextReply();
    expect(reply.header.responseTo).toBe(request.requestId);
    expect(reply.kind === "msg" && reply.body).toEqual({ ok: 1 });
  });
});

describe("document size limits", () => {
  it("refuses a document over 16 MiB in insert with write error code 2 and inserts nothing", async () => {
    const client = await raw();
    const db = freshDb();
    const pad = "x".repeat(MAX_BSON_OBJECT_SIZE);
    const huge = { _id: "huge", pad };
    const size = BSON.calculateObjectSize(huge);
    expect(size).toBeGreaterThan(MAX_BSON_OBJECT_SIZE);
    expect(size).toBeLessThan(48_000_000);

    const reply = await client.command({ insert: "things", ordered: true, $db: db }, [
      { kind: 1, identifier: "documents", docs: [huge] },
    ]);

    expect(reply).toMatchObject({ n: 0, ok: 1 });
    const writeErrors = reply.writeErrors as Document[];
    expect(writeErrors).toHaveLength(1);
    expect(writeErrors[0]).toMatchObject({ index: 0, code: 2 });
    expect(writeErrors[0]?.errmsg).toMatch(/too large/);
    expect(writeErrors[0]?.errmsg).toContain(String(size));
    expect(await client.command({ count: "things", $db: db })).toMatchObject({ n: 0, ok: 1 });
    expect(await client.command({ ping: 1, $db: "admin" })).toEqual({ ok: 1 });
  });

  it("inserts the documents after an oversized one when the batch is unordered", async () => {
    const client = await raw();
    const db = freshDb();
    const huge = { _id: "huge", pad: "x".repeat(MAX_BSON_OBJECT_SIZE) };

    const reply = await client.command({ insert: "things", ordered: false, $db: db }, [
      { kind: 1, identifier: "documents", docs: [{ _id: 1 }, huge, { _id: 2 }] },
    ]);

    expect(reply).toMatchObject({ n: 2, ok: 1 });
    expect((reply.writeErrors as Document[]).map((error) => [error.index, error.code])).toEqual([[1, 2]]);
    const found = await client.command({ find: "things", filter: {}, sort: { _id: 1 }, $db: db });
    expect(firstBatch(found)).toEqual([{ _id: 1 }, { _id: 2 }]);
  });

  it("accepts a document of exactly 16 MiB", async () => {
    const client = await raw();
    const db = freshDb();
    const overhead = BSON.calculateObjectSize({ _id: "max", pad: "" });
    const doc = { _id: "max", pad: "y".repeat(MAX_BSON_OBJECT_SIZE - overhead) };
    expect(BSON.calculateObjectSize(doc)).toBe(MAX_BSON_OBJECT_SIZE);

    const reply = await client.command({ insert: "things", $db: db }, [
      { kind: 1, identifier: "documents", docs: [doc] },
    ]);

    expect(reply).toEqual({ n: 1, ok: 1 });
    expect(await client.command({ count: "things", $db: db })).toMatchObject({ n: 1, ok: 1 });
  });
});

describe("many clients at once", () => {
  it("keeps exact counts when 20 driver clients run mixed writes and reads on a unique index", async () => {
    const CLIENTS = 20;
    const OPS = 200;
    const SHARED_KEYS = 5;
    const dbName = freshDb();
    const setup = mongo.client.db(dbName).collection("items");
    await setup.createIndex({ key: 1 }, { unique: true });
    await setup.insertOne({ key: "counter", n: 0 });

    const clients = await Promise.all(
      Array.from({ length: CLIENTS }, () => MongoClient.connect(mongo.server.uri)),
    );
    const unexpected: unknown[] = [];
    let duplicates = 0;
    let wrongReads = 0;
    try {
      await Promise.all(
        clients.map(async (client, c) => {
          const items = client.db(dbName).collection("items");
          for (let j = 0; j < OPS; j++) {
            try {
              switch (j % 4) {
                case 0:
                  await items.insertOne({ key: `own-${c}-${j}`, owner: c, hits: 0 });
                  break;
                case 1:
                  // Every client races for the same few keys: exactly one insert per key may win.
                  await items.insertOne({ key: `shared-${(j >> 2) % SHARED_KEYS}`, owner: c });
                  break;
                case 2:
                  if (j % 8 === 2) {
                    const result = await items.updateOne({ key: `own-${c}-${j - 2}` }, { $inc: { hits: 1 } });
                    if (result.modifiedCount !== 1) wrongReads++;
                  } else {
                    await items.updateOne({ key: "counter" }, { $inc: { n: 1 } });
                  }
                  break;
                default: {
                  const mine = await items.find({ owner: c, hits: { $exists: true } }).toArray();
                  if (mine.length !== (j + 1) / 4) wrongReads++;
                }
              }
            } catch (error) {
              if (error instanceof MongoServerError && error.code === 11000) duplicates++;
              else unexpected.push(error);
            }
          }
        }),
      );
    } finally {
      await Promise.all(clients.map((client) => client.close()));
    }

    const sharedAttempts = CLIENTS * (OPS / 4);
    expect(unexpected).toEqual([]);
    expect(wrongReads).toBe(0);
    expect(duplicates).toBe(sharedAttempts - SHARED_KEYS);
    expect(await setup.countDocuments({ key: /^own-/ })).toBe(CLIENTS * (OPS / 4));
    expect(await setup.countDocuments({ key: /^shared-/ })).toBe(SHARED_KEYS);
    expect(await setup.countDocuments({})).toBe(CLIENTS * (OPS / 4) + SHARED_KEYS + 1);
    const hits = await setup
      .aggregate<{ total: number }>([
        { $match: { key: /^own-/ } },
        { $group: { _id: null, total: { $sum: "$hits" } } },
      ])
      .toArray();
    expect(hits[0]?.total).toBe(CLIENTS * (OPS / 8));
    expect(await setup.findOne({ key: "counter" })).toMatchObject({ n: CLIENTS * (OPS / 8) });
    for (let c = 0; c < CLIENTS; c++) {
      expect(await setup.countDocuments({ owner: c, hits: { $exists: true } })).toBe(OPS / 4);
    }
  });
});
