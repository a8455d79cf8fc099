import { Writable } from "node:stream";
import { MongoClient } from "mongodb";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  bson,
  encodeCommand,
  encodeMsg,
  encodeQuery,
  header,
  newRequestId,
  OP_COMPRESSED,
  OP_MSG,
  OP_QUERY,
  OP_REPLY,
  RawClient,
} from "./raw-client.ts";
import { startEmbeddedMongo, type EmbeddedMongo } from "../../packages/embedded-mongo/src/index.ts";

/** One parsed pino line. */
interface LogLine {
  level: number;
  msg: string;
  connectionId?: number;
  reason?: string;
  [key: string]: unknown;
}

/** Collects the server's JSON log lines in memory and lets a test wait for one. */
class LogCapture {
  readonly lines: LogLine[] = [];
  readonly #waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  readonly stream = new Writable({
    write: (chunk: Buffer, _encoding, callback) => {
      for (const text of chunk.toString("utf8").split("\n")) {
        if (text.length > 0) this.#add(JSON.parse(text) as LogLine);
      }
      callback();
    },
  });

  /** The first line matching `match`, now or when it is written. */
  waitFor(match: (line: LogLine) => boolean): Promise<LogLine> {
    const found = this.lines.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  #add(line: LogLine): void {
    this.lines.push(line);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(line)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }
}

const CLOSING = "closing connection after a malformed message";
const WARN = 40;
const ERROR = 50;

const logs = new LogCapture();
let server: EmbeddedMongo;
let driver: MongoClient;
/** A raw connection opened before the malformed ones, which must keep working throughout. */
let bystander: RawClient;
const opened: RawClient[] = [];

beforeAll(async () => {
  server = await startEmbeddedMongo({ logger: pino({ level: "warn" }, logs.stream) });
  driver = await MongoClient.connect(server.uri);
  bystander = await RawClient.connect(server.port);
  await bystander.handshake();
});

afterAll(async () => {
  bystander?.destroy();
  await driver?.close();
  await server?.stop();
});

afterEach(() => {
  for (const client of opened.splice(0)) client.destroy();
});

async function raw(): Promise<RawClient> {
  const client = await RawClient.connect(server.port);
  opened.push(client);
  return client;
}

/** The server still serves the connections opened before, and new driver operations. */
async function expectServerStillServing(): Promise<void> {
  expect(await bystander.command({ ping: 1, $db: "admin" })).toEqual({ ok: 1 });
  expect(await driver.db("admin").command({ ping: 1 })).toMatchObject({ ok: 1 });
}

/** A valid OP_MSG `ping`, as bytes. */
function ping(): Buffer {
  return encodeCommand({ ping: 1, $db: "admin" }).bytes;
}

/** An OP_MSG whose bytes after the flags are exactly `sections` (valid or not), with a consistent header. */
function msgWithRawSections(sections: Buffer, flags = 0): Buffer {
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags >>> 0, 0);
  const length = 16 + 4 + sections.length;
  return Buffer.concat([header(length, newRequestId(), OP_MSG), flagBytes, sections]);
}

/** A kind-0 section holding `doc`'s bytes. */
function kind0(doc: Buffer): Buffer {
  return Buffer.concat([Buffer.from([0]), doc]);
}

/** `bytes` with the int32 at `offset` replaced. */
function withInt32(bytes: Buffer, offset: number, value: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeInt32LE(value, offset);
  return copy;
}

interface MalformedCase {
  name: string;
  bytes: () => Buffer;
  reason: RegExp;
}

const cases: MalformedCase[] = [
  {
    name: "a message length below 16",
    bytes: () => withInt32(ping(), 0, 8),
    reason: /invalid message length 8\b/,
  },
  {
    name: "a negative message length",
    bytes: () => withInt32(ping(), 0, -1),
    reason: /invalid message length -1\b/,
  },
  {
    name: "a message length above 48,000,000",
    bytes: () => header(48_000_001, newRequestId(), OP_MSG),
    reason: /invalid message length 48000001\b/,
  },
  {
    name: "truncated BSON inside an OP_MSG",
    bytes: () => {
      // Cut inside the `$db` string and re-terminated: the document's length and final 0x00 are
      // consistent, but its last element claims more bytes than the document holds.
      const doc = bson({ ping: 1, $db: "admin" });
      const cut = Buffer.concat([doc.subarray(0, doc.length - 5), Buffer.from([0])]);
      return msgWithRawSections(kind0(withInt32(cut, 0, cut.length)));
    },
    reason: /invalid BSON/,
  },
  {
    name: "a kind-0 document whose length runs past the message",
    bytes: () => {
      const doc = bson({ ping: 1, $db: "admin" });
      return msgWithRawSections(kind0(withInt32(doc, 0, doc.length + 100)));
    },
    reason: /BSON document length \d+ out of bounds/,
  },
  {
    name: "a kind-0 document whose length is shorter than the document",
    bytes: () => {
      const doc = bson({ ping: 1, $db: "admin" });
      return msgWithRawSections(kind0(withInt32(doc, 0, doc.length - 6)));
    },
    reason: /invalid BSON/,
  },
  {
    name: "a kind-0 document length below the BSON minimum of 5",
    bytes: () => msgWithRawSections(kind0(withInt32(bson({ ping: 1 }), 0, 4))),
    reason: /BSON document length 4 out of bounds/,
  },
  {
    name: "an unknown section kind",
    bytes: () => msgWithRawSections(Buffer.concat([Buffer.from([2]), bson({ ping: 1, $db: "admin" })])),
    reason: /unknown OP_MSG section kind 2/,
  },
  {
    name: "an OP_MSG without a kind-0 section",
    bytes: () => encodeMsg([{ kind: 1, identifier: "documents", docs: [{ _id: 1 }] }]).bytes,
    reason: /no kind-0 section/,
  },
  {
    name: "an OP_MSG with two kind-0 sections",
    bytes: () =>
      encodeMsg([
        { kind: 0, doc: { ping: 1, $db: "admin" } },
        { kind: 0, doc: { ping: 1, $db: "admin" } },
      ]).bytes,
    reason: /more than one kind-0 section/,
  },
  {
    name: "a document sequence whose size runs past the message",
    bytes: () => {
      const valid = encodeMsg([
        { kind: 0, doc: { insert: "x", $db: "malformed" } },
        { kind: 1, identifier: "documents", docs: [{ _id: 1 }] },
      ]).bytes;
      const sequenceAt = 16 + 4 + 1 + bson({ insert: "x", $db: "malformed" }).length + 1;
      return withInt32(valid, sequenceAt, 1000);
    },
    reason: /document sequence length out of bounds/,
  },
  {
    name: "a document sequence that repeats a field of the body",
    bytes: () =>
      encodeMsg([
        { kind: 0, doc: { insert: "x", documents: [{ _id: 1 }], $db: "malformed" } },
        { kind: 1, identifier: "documents", docs: [{ _id: 2 }] },
      ]).bytes,
    reason: /duplicate field documents/,
  },
  {
    name: "an OP_MSG too short to hold flags and a section",
    bytes: () => Buffer.concat([header(20, newRequestId(), OP_MSG), Buffer.alloc(4)]),
    reason: /OP_MSG too short/,
  },
  {
    name: "unknown required flag bits",
    bytes: () => encodeCommand({ ping: 1, $db: "admin" }, { flags: 1 << 2 }).bytes,
    reason: /unknown required flag bits 4\b/,
  },
  {
    name: "an unknown opCode (2010)",
    bytes: () => {
      const body = bson({ ping: 1 });
      return Buffer.concat([header(16 + body.length, newRequestId(), 2010), body]);
    },
    reason: /unsupported opCode 2010/,
  },
  {
    name: "an OP_REPLY sent by the client",
    bytes: () => withInt32(ping(), 12, OP_REPLY),
    reason: /unsupported opCode 1\b/,
  },
  {
    name: "OP_COMPRESSED (2012), which the server never advertised",
    bytes: () => {
      // A well-formed OP_COMPRESSED wrapping a ping with the noop compressor (id 0).
      const original = ping();
      const fields = Buffer.alloc(9);
      fields.writeInt32LE(OP_MSG, 0); // originalOpcode
      fields.writeInt32LE(original.length - 16, 4); // uncompressedSize
      fields.writeUInt8(0, 8); // compressorId
      const payload = Buffer.concat([fields, original.subarray(16)]);
      return Buffer.concat([header(16 + payload.length, newRequestId(), OP_COMPRESSED), payload]);
    },
    reason: /OP_COMPRESSED/,
  },
  {
    name: "an OP_QUERY whose query document is truncated",
    bytes: () => {
      const valid = encodeQuery("admin.$cmd", { isMaster: 1 }).bytes;
      const cut = valid.subarray(0, valid.length - 5);
      return withInt32(cut, 0, cut.length);
    },
    reason: /BSON document length \d+ out of bounds/,
  },
  {
    name: "an OP_QUERY whose collection name is not terminated",
    bytes: () => {
      const body = Buffer.concat([Buffer.alloc(4), Buffer.from("admin.$cmd", "utf8")]);
      return Buffer.concat([header(16 + body.length, newRequestId(), OP_QUERY), body]);
    },
    reason: /unterminated string/,
  },
];

describe("malformed messages", () => {
  it.each(cases)("closes only the connection that sends $name, and logs a warning", async (testCase) => {
    const client = await raw();
    const { connectionId } = await client.handshake();
    expect(connectionId).toEqual(expect.any(Number));

    client.send(testCase.bytes());
    await client.closed;

    expect(client.unread).toBe(0);
    expect(client.partialBytes).toBe(0);
    const line = await logs.waitFor((l) => l.msg === CLOSING && l.connectionId === connectionId);
    expect(line.level).toBe(WARN);
    expect(line.reason).toMatch(testCase.reason);
    await expectServerStillServing();
  });

  it("waits for the rest of a message whose length promises more, and survives the client closing", async () => {
    const client = await raw();
    const { connectionId } = await client.handshake();
    const partial = Buffer.concat([header(1000, newRequestId(), OP_MSG), Buffer.alloc(100)]);

    client.send(partial);
    await expectServerStillServing();
    expect(client.isClosed).toBe(false);
    client.end();
    await client.closed;

    expect(client.unread).toBe(0);
    await expectServerStillServing();
    expect(logs.lines.filter((l) => l.connectionId === connectionId)).toEqual([]);
  });

  it("survives a client that closes after only part of a header", async () => {
    const client = await raw();
    client.send(Buffer.from([0x20, 0x00]));
    client.end();
    await client.closed;

    expect(client.unread).toBe(0);
    await expectServerStillServing();
  });

  it("answers a message completed after other connections were served in between", async () => {
    const client = await raw();
    const request = encodeCommand({ ping: 1, $db: "admin" });

    client.send(request.bytes.subarray(0, 10));
    await expectServerStillServing();
    client.send(request.bytes.subarray(10));

    const reply = await client.nextReply();
    expect(reply.header.responseTo).toBe(request.requestId);
    expect(reply.kind === "msg" && reply.body).toEqual({ ok: 1 });
  });
});

/** mulberry32: a small seeded PRNG, so that a failing fuzz case can be replayed. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("fuzzing", () => {
  const SEED = 0x5eed_2024;
  const CASES = 300;

  it("survives hundreds of random and mutated messages, and the driver still works afterwards", async () => {
    const random = prng(SEED);
    const int = (n: number): number => Math.floor(random() * n);
    const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
    const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;

    const templates = [
      encodeCommand({ ping: 1, $db: "admin" }).bytes,
      encodeQuery("admin.$cmd", { isMaster: 1, helloOk: true }).bytes,
      encodeMsg([
        { kind: 0, doc: { insert: "fuzz", ordered: true, $db: "fuzz" } },
        {
          kind: 1,
          identifier: "documents",
          docs: [{ _id: 1, a: "text", b: [1, 2, { c: null }] }, { _id: 2 }],
        },
      ]).bytes,
      encodeCommand({ find: "fuzz", filter: { a: { $gt: 1 } }, sort: { b: -1 }, $db: "fuzz" }).bytes,
      encodeCommand({ update: "fuzz", updates: [{ q: {}, u: { $inc: { n: 1 } }, multi: true }], $db: "fuzz" })
        .bytes,
    ];

    const generators: Record<string, () => Buffer> = {
      "random bytes": () => bytes(1 + int(200)),
      "valid header, random body": () => {
        const body = bytes(int(200));
        const opCode = pick([OP_MSG, OP_MSG, OP_QUERY, OP_COMPRESSED, OP_REPLY, int(0x10000)]);
        return Buffer.concat([header(16 + body.length, int(0x7fffffff), opCode), body]);
      },
      "OP_MSG header and flags, random sections": () => {
        const body = Buffer.concat([Buffer.alloc(4), Buffer.from([pick([0, 1, int(256)])]), bytes(int(200))]);
        return Buffer.concat([header(16 + body.length, int(0x7fffffff), OP_MSG), body]);
      },
      "mutated valid message": () => {
        let message = Buffer.from(pick(templates));
        for (let m = 1 + int(4); m > 0; m--) {
          const at = int(message.length);
          switch (int(4)) {
            case 0:
              message[at] = int(256);
              break;
            case 1:
              message[at] = (message[at] as number) ^ (1 << int(8));
              break;
            case 2:
              message = Buffer.concat([message.subarray(0, at), bytes(1 + int(8)), message.subarray(at)]);
              break;
            default:
              message = Buffer.concat([message.subarray(0, at), message.subarray(at + 1 + int(8))]);
          }
        }
        // Usually keep the frame consistent, so that the message parser (not only the framer) sees it.
        if (message.length >= 4 && random() < 0.7) message.writeInt32LE(message.length, 0);
        return message;
      },
    };
    const kinds = Object.keys(generators);

    const outcomes = { replied: 0, silent: 0 };
    const warningsBefore = logs.lines.filter((l) => l.msg === CLOSING).length;
    for (let i = 0; i < CASES; i++) {
      const kind = kinds[i % kinds.length] as string;
      const message = (generators[kind] as () => Buffer)();
      const client = await raw();
      client.send(message);
      client.end();
      await client.closed;
      if (client.unread > 0) outcomes.replied++;
      else outcomes.silent++;
      client.destroy();
    }

    expect(outcomes.replied + outcomes.silent).toBe(CASES);
    expect(logs.lines.filter((l) => l.msg === CLOSING).length - warningsBefore).toBeGreaterThan(CASES / 4);
    expect(logs.lines.filter((l) => l.level >= ERROR)).toEqual([]);

    // A fresh driver connects and CRUD works end to end.
    const fresh = await MongoClient.connect(server.uri);
    try {
      const items = fresh.db(`after_fuzz_${process.pid}`).collection("items");
      await items.createIndex({ key: 1 }, { unique: true });
      await items.insertMany([
        { key: "a", n: 1 },
        { key: "b", n: 2 },
      ]);
      await expect(items.insertOne({ key: "a" })).rejects.toMatchObject({ code: 11000 });
      expect(await items.updateOne({ key: "b" }, { $inc: { n: 10 } })).toMatchObject({ modifiedCount: 1 });
      expect(
        await items
          .find({}, { projection: { _id: 0 } })
          .sort({ key: 1 })
          .toArray(),
      ).toEqual([
        { key: "a", n: 1 },
        { key: "b", n: 12 },
      ]);
      expect(await items.deleteOne({ key: "a" })).toMatchObject({ deletedCount: 1 });
      expect(await items.countDocuments()).toBe(1);
    } finally {
      await fresh.close();
    }
    await expectServerStillServing();
  });
});

describe("the server log", () => {
  it("records no error-level line for anything a client sent in this file", () => {
    expect(logs.lines.filter((l) => l.level >= ERROR)).toEqual([]);
  });
});
