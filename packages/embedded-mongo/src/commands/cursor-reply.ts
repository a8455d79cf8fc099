import { BSON, type Document, Long } from "bson";
import type { Engine } from "../engine/engine.ts";
import { MAX_BSON_OBJECT_SIZE } from "../wire/protocol.ts";

/** MongoDB's default first batch: 101 documents. */
export const DEFAULT_FIRST_BATCH = 101;

/**
 * Serialises the next batch of a result set and, if documents remain, opens (or keeps) a cursor for them.
 * Each document is serialised once, straight into the reply: that is the copy that leaves the engine.
 */
export function cursorReply(options: {
  engine: Engine;
  ns: string;
  docs: Document[];
  position: number;
  batchSize: number | undefined;
  first: boolean;
  singleBatch?: boolean;
  cursorId?: Long;
  project?: ((docs: Document[]) => Document[]) | undefined;
}): Uint8Array {
  const { engine, ns, docs } = options;
  const limit = options.batchSize ?? (options.first ? DEFAULT_FIRST_BATCH : Infinity);
  const serialized: Uint8Array[] = [];
  let bytes = 0;
  let position = options.position;
  // Batches are cut at the document count or at 16 MiB, whichever comes first (always at least one).
  while (position < docs.length && serialized.length < limit) {
    const chunkEnd = Math.min(docs.length, position + Math.min(limit - serialized.length, 256));
    let batch = docs.slice(position, chunkEnd);
    if (options.project) batch = options.project(batch);
    let taken = 0;
    for (const doc of batch) {
      const bin = BSON.serialize(doc);
      if (serialized.length > 0 && bytes + bin.length > MAX_BSON_OBJECT_SIZE) break;
      serialized.push(bin);
      bytes += bin.length;
      taken++;
    }
    position += taken;
    if (taken < batch.length) break;
  }
  const exhausted = position >= docs.length || options.singleBatch === true;
  let id = Long.ZERO;
  if (options.cursorId) {
    if (exhausted) engine.cursors.close(options.cursorId.toBigInt());
    else {
      engine.cursors.get(options.cursorId.toBigInt(), ns).position = position;
      id = options.cursorId;
    }
  } else if (!exhausted) {
    id = engine.cursors.open(ns, docs, position, options.project);
  }
  return encodeCursorBody(options.first ? "firstBatch" : "nextBatch", serialized, id, ns);
}

/**
 * `{cursor: {firstBatch|nextBatch: [...], id, ns}, ok: 1.0}` built around documents already serialised.
 */
export function encodeCursorBody(batchName: string, docs: Uint8Array[], id: Long, ns: string): Uint8Array {
  const parts: Buffer[] = [];
  let arrayLength = 5;
  docs.forEach((doc, i) => {
    const head = Buffer.from(`\x03${i}\x00`, "latin1");
    parts.push(head, Buffer.from(doc.buffer, doc.byteOffset, doc.length));
    arrayLength += head.length + doc.length;
  });
  const arrayHeader = Buffer.alloc(4);
  arrayHeader.writeInt32LE(arrayLength, 0);
  const array = Buffer.concat([arrayHeader, ...parts, Buffer.from([0])], arrayLength);
  const tail = BSON.serialize({ id, ns }); // the cursor's remaining fields, spliced after the batch
  const batchField = Buffer.from(`\x04${batchName}\x00`, "latin1");
  const cursorLength = 4 + batchField.length + array.length + (tail.length - 4);
  const cursorHeader = Buffer.alloc(4);
  cursorHeader.writeInt32LE(cursorLength, 0);
  const cursorField = Buffer.from("\x03cursor\x00", "latin1");
  const ok = Buffer.alloc(1 + 3 + 8);
  ok.write("\x01ok\x00", 0, "latin1");
  ok.writeDoubleLE(1, 4);
  const bodyLength = 4 + cursorField.length + cursorLength + ok.length + 1;
  const bodyHeader = Buffer.alloc(4);
  bodyHeader.writeInt32LE(bodyLength, 0);
  return Buffer.concat(
    [
      bodyHeader,
      cursorField,
      cursorHeader,
      batchField,
      array,
      Buffer.from(tail.buffer, tail.byteOffset + 4, tail.length - 4),
      ok,
      Buffer.from([0]),
    ],
    bodyLength,
  );
}

/** A cursor reply for a small, fully materialised list (listCollections, listIndexes). */
export function listReply(ns: string, docs: Document[]): Uint8Array {
  return encodeCursorBody(
    "firstBatch",
    docs.map((doc) => BSON.serialize(doc)),
    Long.ZERO,
    ns,
  );
}
