import { connect, type Socket } from "node:net";
import { BSON, type Document } from "bson";

/** Wire opcodes used by these tests. */
export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_COMPRESSED = 2012;
export const OP_MSG = 2013;

/** OP_MSG flag bits. */
export const CHECKSUM_PRESENT = 1 << 0;
export const MORE_TO_COME = 1 << 1;
export const EXHAUST_ALLOWED = 1 << 16;

const HEADER_SIZE = 16;

/** The 16-byte header every message starts with. */
export interface Header {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

/** A reply parsed from the wire: OP_REPLY (answer to OP_QUERY) or OP_MSG. */
export type Reply =
  | {
      kind: "reply";
      header: Header;
      responseFlags: number;
      cursorId: bigint;
      startingFrom: number;
      numberReturned: number;
      documents: Document[];
    }
  | { kind: "msg"; header: Header; flags: number; body: Document };

/** One OP_MSG section: the kind-0 body or a kind-1 document sequence. */
export type Section = { kind: 0; doc: Document } | { kind: 1; identifier: string; docs: Document[] };

/** An encoded request and the id it carries, which the reply's `responseTo` must echo. */
export interface Encoded {
  requestId: number;
  bytes: Buffer;
}

let nextRequestId = 1000;

/** A fresh request id (unique within the test process). */
export function newRequestId(): number {
  return nextRequestId++;
}

/** The 16-byte header for a message of `length` bytes. */
export function header(length: number, requestId: number, opCode: number, responseTo = 0): Buffer {
  const buf = Buffer.alloc(HEADER_SIZE);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(requestId, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

/** Serialises a document to a Buffer (bson returns a Uint8Array). */
export function bson(doc: Document): Buffer {
  const bytes = BSON.serialize(doc);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

function encodeSection(section: Section): Buffer {
  if (section.kind === 0) return Buffer.concat([Buffer.from([0]), bson(section.doc)]);
  const identifier = Buffer.from(`${section.identifier}\0`, "utf8");
  const docs = section.docs.map(bson);
  const size = Buffer.alloc(4);
  size.writeInt32LE(4 + identifier.length + docs.reduce((sum, doc) => sum + doc.length, 0), 0);
  return Buffer.concat([Buffer.from([1]), size, identifier, ...docs]);
}

/**
 * An OP_MSG with the given sections. With `checksum`, the checksum flag is set and a CRC-32C of the whole
 * message is appended, as the protocol specifies.
 */
export function encodeMsg(
  sections: Section[],
  options: { flags?: number; checksum?: boolean; requestId?: number } = {},
): Encoded {
  const requestId = options.requestId ?? newRequestId();
  const flags = (options.flags ?? 0) | (options.checksum ? CHECKSUM_PRESENT : 0);
  const flagBytes = Buffer.alloc(4);
  flagBytes.writeUInt32LE(flags >>> 0, 0);
  const payload = Buffer.concat([flagBytes, ...sections.map(encodeSection)]);
  const length = HEADER_SIZE + payload.length + (options.checksum ? 4 : 0);
  const message = Buffer.concat([header(length, requestId, OP_MSG), payload]);
  if (!options.checksum) return { requestId, bytes: message };
  const checksum = Buffer.alloc(4);
  checksum.writeUInt32LE(crc32c(message), 0);
  return { requestId, bytes: Buffer.concat([message, checksum]) };
}

/** An OP_MSG carrying one command in its kind-0 body. */
export function encodeCommand(body: Document, options: { flags?: number; checksum?: boolean } = {}): Encoded {
  return encodeMsg([{ kind: 0, doc: body }], options);
}

/** A legacy OP_QUERY against `collection` (for commands: `admin.$cmd`). */
export function encodeQuery(collection: string, query: Document): Encoded {
  const requestId = newRequestId();
  const fields = Buffer.alloc(4); // flags = 0
  const name = Buffer.from(`${collection}\0`, "utf8");
  const skipAndReturn = Buffer.alloc(8);
  skipAndReturn.writeInt32LE(0, 0); // numberToSkip
  skipAndReturn.writeInt32LE(-1, 4); // numberToReturn, as drivers send for commands
  const body = Buffer.concat([fields, name, skipAndReturn, bson(query)]);
  return { requestId, bytes: Buffer.concat([header(HEADER_SIZE + body.length, requestId, OP_QUERY), body]) };
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[i] = c >>> 0;
  }
  return table;
})();

/** CRC-32C (Castagnoli), the checksum OP_MSG uses. */
export function crc32c(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC32C_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** Parses one whole reply message. */
export function parseReply(message: Buffer): Reply {
  const head: Header = {
    length: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
  if (head.opCode === OP_REPLY) {
    const documents: Document[] = [];
    let offset = HEADER_SIZE + 20;
    while (offset < message.length) {
      const size = message.readInt32LE(offset);
      documents.push(BSON.deserialize(message.subarray(offset, offset + size)));
      offset += size;
    }
    return {
      kind: "reply",
      header: head,
      responseFlags: message.readInt32LE(HEADER_SIZE),
      cursorId: message.readBigInt64LE(HEADER_SIZE + 4),
      startingFrom: message.readInt32LE(HEADER_SIZE + 12),
      numberReturned: message.readInt32LE(HEADER_SIZE + 16),
      documents,
    };
  }
  if (head.opCode === OP_MSG) {
    const flags = message.readUInt32LE(HEADER_SIZE);
    const kind = message.readUInt8(HEADER_SIZE + 4);
    if (kind !== 0) throw new Error(`reply starts with section kind ${kind}`);
    const size = message.readInt32LE(HEADER_SIZE + 5);
    const body = BSON.deserialize(message.subarray(HEADER_SIZE + 5, HEADER_SIZE + 5 + size));
    return { kind: "msg", header: head, flags, body };
  }
  throw new Error(`unexpected reply opCode ${head.opCode}`);
}

/**
 * A client that sends exactly the bytes it is given over TCP and reads whole framed replies. It never throws
 * on socket errors (a server closing a connection with unread data resets it): `closed` resolves either way.
 */
export class RawClient {
  readonly #socket: Socket;
  #buffer: Buffer = Buffer.alloc(0);
  readonly #messages: Buffer[] = [];
  readonly #waiters: { resolve: (message: Buffer) => void; reject: (error: Error) => void }[] = [];
  #isClosed = false;
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<void>;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", (chunk: Buffer) => this.#onData(chunk));
    socket.on("error", () => {
      // A reset is how a server may close a connection it no longer trusts; `closed` reports it.
    });
    this.closed = new Promise((resolve) => {
      socket.on("close", () => {
        this.#isClosed = true;
        for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error("connection closed"));
        resolve();
      });
    });
  }

  /** Connects to `port` on loopback. */
  static connect(port: number, host = "127.0.0.1"): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host });
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        socket.setNoDelay(true);
        resolve(new RawClient(socket));
      });
    });
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** Whole messages received and not yet read. */
  get unread(): number {
    return this.#messages.length;
  }

  /** Bytes received that do not (yet) form a whole message. */
  get partialBytes(): number {
    return this.#buffer.length;
  }

  /** Sends raw bytes (one write). */
  send(bytes: Buffer): void {
    if (!this.#isClosed) this.#socket.write(bytes);
  }

  /** The next whole message from the server; rejects if the connection closes first. */
  nextMessage(): Promise<Buffer> {
    const message = this.#messages.shift();
    if (message) return Promise.resolve(message);
    if (this.#isClosed) return Promise.reject(new Error("connection closed"));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  async nextReply(): Promise<Reply> {
    return parseReply(await this.nextMessage());
  }

  /** Sends an encoded request and returns the next reply, checking that it answers that request. */
  async request(encoded: Encoded): Promise<Reply> {
    this.send(encoded.bytes);
    const reply = await this.nextReply();
    if (reply.header.responseTo !== encoded.requestId) {
      throw new Error(`reply answers request ${reply.header.responseTo}, not ${encoded.requestId}`);
    }
    return reply;
  }

  /** Runs one command over OP_MSG and returns the reply body. */
  async command(body: Document, sections: Section[] = []): Promise<Document> {
    const reply = await this.request(encodeMsg([{ kind: 0, doc: body }, ...sections]));
    if (reply.kind !== "msg") throw new Error("expected an OP_MSG reply");
    return reply.body;
  }

  /** The OP_QUERY `isMaster` handshake drivers start with; returns the handshake document. */
  async handshake(): Promise<Document> {
    const reply = await this.request(encodeQuery("admin.$cmd", { isMaster: 1, helloOk: true }));
    if (reply.kind !== "reply" || !reply.documents[0]) throw new Error("expected an OP_REPLY");
    return reply.documents[0];
  }

  /** Half-closes: the server sees end of stream. */
  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #onData(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 4) {
      const length = this.#buffer.readInt32LE(0);
      if (length < HEADER_SIZE) {
        // Nothing after an impossible length can be framed; failing the waiters is all a test needs.
        this.#socket.destroy();
        return;
      }
      if (this.#buffer.length < length) break;
      const message = this.#buffer.subarray(0, length);
      this.#buffer = this.#buffer.subarray(length);
      const waiter = this.#waiters.shift();
      if (waiter) waiter.resolve(message);
      else this.#messages.push(message);
    }
  }
}
