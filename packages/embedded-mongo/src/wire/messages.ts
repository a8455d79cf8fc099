import { BSON, type Document } from "bson";
import { HEADER_SIZE, MAX_BSON_OBJECT_SIZE, MsgFlag, OpCode, type MessageHeader } from "./protocol.ts";
import { ProtocolError } from "./protocol-error.ts";

/** Slack MongoDB allows a command body over `maxBsonObjectSize` for the command's own fields. */
const COMMAND_OVERHEAD = 16 * 1024;

/** A command received in an OP_MSG: the kind-0 body with every kind-1 document sequence merged in. */
export interface MsgRequest {
  type: "msg";
  header: MessageHeader;
  flags: number;
  body: Document;
}

/** A legacy OP_QUERY, which drivers use only for the first handshake on `admin.$cmd`. */
export interface QueryRequest {
  type: "query";
  header: MessageHeader;
  collection: string;
  query: Document;
}

export type Request = MsgRequest | QueryRequest;

/**
 * Sizes of documents received in kind-1 sequences, as they were on the wire, so that a write command can
 * refuse one over 16 MiB without serialising it again.
 */
export const receivedSizes = new WeakMap<Document, number>();

function readHeader(message: Buffer): MessageHeader {
  return {
    length: message.readInt32LE(0),
    requestId: message.readInt32LE(4),
    responseTo: message.readInt32LE(8),
    opCode: message.readInt32LE(12),
  };
}

function readDocument(message: Buffer, offset: number, end: number, limit: number): [Document, number] {
  if (offset + 5 > end) throw new ProtocolError("truncated BSON document");
  const size = message.readInt32LE(offset);
  if (size < 5 || offset + size > end) throw new ProtocolError(`BSON document length ${size} out of bounds`);
  if (size > limit) throw new ProtocolError(`BSON document of ${size} bytes exceeds the limit of ${limit}`);
  try {
    return [BSON.deserialize(message.subarray(offset, offset + size)), size];
  } catch (error) {
    throw new ProtocolError(`invalid BSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function readCString(message: Buffer, offset: number, end: number): [string, number] {
  const zero = message.indexOf(0, offset);
  if (zero < 0 || zero >= end) throw new ProtocolError("unterminated string");
  return [message.toString("utf8", offset, zero), zero + 1];
}

/** Parses one whole message; throws ProtocolError for anything malformed or unsupported. */
export function parseMessage(message: Buffer): Request {
  const header = readHeader(message);
  if (header.length !== message.length) throw new ProtocolError("message length does not match its header");
  switch (header.opCode) {
    case OpCode.MSG:
      return parseMsg(message, header);
    case OpCode.QUERY:
      return parseQuery(message, header);
    case OpCode.COMPRESSED:
      throw new ProtocolError("OP_COMPRESSED received, but this server advertises no compression");
    default:
      throw new ProtocolError(`unsupported opCode ${header.opCode}`);
  }
}

function parseMsg(message: Buffer, header: MessageHeader): MsgRequest {
  if (message.length < HEADER_SIZE + 5) throw new ProtocolError("OP_MSG too short");
  const flags = message.readUInt32LE(HEADER_SIZE);
  // Bits 0-15 are required: a receiver must reject any it does not know.
  if ((flags & 0xffff & ~(MsgFlag.checksumPresent | MsgFlag.moreToCome)) !== 0) {
    throw new ProtocolError(`OP_MSG has unknown required flag bits ${flags.toString(16)}`);
  }
  const end = flags & MsgFlag.checksumPresent ? message.length - 4 : message.length;
  let offset = HEADER_SIZE + 4;
  let body: Document | undefined;
  const sequences: [string, Document[]][] = [];
  while (offset < end) {
    const kind = message.readUInt8(offset++);
    if (kind === 0) {
      if (body) throw new ProtocolError("OP_MSG has more than one kind-0 section");
      [body, offset] = advance(
        readDocument(message, offset, end, MAX_BSON_OBJECT_SIZE + COMMAND_OVERHEAD),
        offset,
      );
    } else if (kind === 1) {
      if (offset + 4 > end) throw new ProtocolError("truncated document sequence");
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      if (size < 5 || sectionEnd > end) throw new ProtocolError("document sequence length out of bounds");
      const [identifier, start] = readCString(message, offset + 4, sectionEnd);
      let at = start;
      const docs: Document[] = [];
      while (at < sectionEnd) {
        // A document over 16 MiB is refused by the write command with MongoDB's error, not here.
        const [doc, docSize] = readDocument(message, at, sectionEnd, MAX_BSON_OBJECT_SIZE + COMMAND_OVERHEAD);
        receivedSizes.set(doc, docSize);
        docs.push(doc);
        at += docSize;
      }
      sequences.push([identifier, docs]);
      offset = sectionEnd;
    } else {
      throw new ProtocolError(`unknown OP_MSG section kind ${kind}`);
    }
  }
  if (!body) throw new ProtocolError("OP_MSG has no kind-0 section");
  for (const [identifier, docs] of sequences) {
    if (Object.hasOwn(body, identifier)) throw new ProtocolError(`duplicate field ${identifier} in OP_MSG`);
    body[identifier] = docs;
  }
  return { type: "msg", header, flags, body };
}

function advance([doc, size]: [Document, number], offset: number): [Document, number] {
  return [doc, offset + size];
}

function parseQuery(message: Buffer, header: MessageHeader): QueryRequest {
  let offset = HEADER_SIZE + 4; // flags
  const [collection, next] = readCString(message, offset, message.length);
  offset = next + 8; // numberToSkip, numberToReturn
  const [query] = readDocument(message, offset, message.length, MAX_BSON_OBJECT_SIZE + COMMAND_OVERHEAD);
  return { type: "query", header, collection, query };
}

let nextRequestId = 1;

function header(length: number, responseTo: number, opCode: number): Buffer {
  const buf = Buffer.allocUnsafe(HEADER_SIZE);
  buf.writeInt32LE(length, 0);
  buf.writeInt32LE(nextRequestId++ & 0x7fffffff, 4);
  buf.writeInt32LE(responseTo, 8);
  buf.writeInt32LE(opCode, 12);
  return buf;
}

/** An OP_MSG reply with one kind-0 section holding `body` (already serialised). */
export function encodeMsgReply(responseTo: number, body: Uint8Array): Buffer[] {
  const prefix = Buffer.alloc(5); // flagBits = 0, section kind 0
  return [
    header(HEADER_SIZE + 5 + body.length, responseTo, OpCode.MSG),
    prefix,
    Buffer.from(body.buffer, body.byteOffset, body.length),
  ];
}

/** The OP_REPLY answering an OP_QUERY handshake. */
export function encodeQueryReply(responseTo: number, body: Uint8Array): Buffer[] {
  const fields = Buffer.alloc(20);
  fields.writeInt32LE(8, 0); // responseFlags: AwaitCapable, as mongod sets it
  // cursorID (8 bytes) = 0, startingFrom = 0
  fields.writeInt32LE(1, 16); // numberReturned
  return [
    header(HEADER_SIZE + 20 + body.length, responseTo, OpCode.REPLY),
    fields,
    Buffer.from(body.buffer, body.byteOffset, body.length),
  ];
}
