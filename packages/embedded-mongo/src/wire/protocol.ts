/** Wire protocol opcodes (MongoDB's `MsgHeader.opCode`). */
export const OpCode = {
  REPLY: 1,
  QUERY: 2004,
  COMPRESSED: 2012,
  MSG: 2013,
} as const;

/** OP_MSG flag bits. */
export const MsgFlag = {
  checksumPresent: 1 << 0,
  moreToCome: 1 << 1,
  exhaustAllowed: 1 << 16,
} as const;

/** Largest BSON document a client may send or store (`maxBsonObjectSize`). */
export const MAX_BSON_OBJECT_SIZE = 16 * 1024 * 1024;

/** Largest message on the wire (`maxMessageSizeBytes`). */
export const MAX_MESSAGE_SIZE = 48_000_000;

/** Largest number of statements in one write command (`maxWriteBatchSize`). */
export const MAX_WRITE_BATCH_SIZE = 100_000;

/** The message header: every message starts with these 16 bytes. */
export interface MessageHeader {
  length: number;
  requestId: number;
  responseTo: number;
  opCode: number;
}

export const HEADER_SIZE = 16;
