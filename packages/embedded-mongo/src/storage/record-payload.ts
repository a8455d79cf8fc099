import { deserialize, serialize, type Document } from "bson";
import type { StorageRecord } from "./records.ts";

const DOC_FIELD = Buffer.from("\x03doc\x00", "latin1");

/**
 * A record's BSON, as a journal or snapshot frame holds it. A `put` whose document is already BSON (the bytes
 * the collection stores) has them spliced in as the embedded `doc` document, so a write is serialised once.
 */
export function recordPayload(record: StorageRecord): Uint8Array {
  if (record.op !== "put" || !(record.doc instanceof Uint8Array)) return serialize(record);
  const head = serialize({ op: record.op, db: record.db, coll: record.coll });
  const doc = record.doc;
  const size = head.length - 1 + DOC_FIELD.length + doc.length + 1;
  const payload = Buffer.allocUnsafe(size);
  payload.set(head.subarray(0, head.length - 1), 0);
  payload.set(DOC_FIELD, head.length - 1);
  payload.set(doc, head.length - 1 + DOC_FIELD.length);
  payload[size - 1] = 0;
  payload.writeInt32LE(size, 0);
  return payload;
}

/**
 * Decodes a frame's payload; a `put` record keeps its document as BSON (a copy of its own, so the payload's
 * read buffer can go), which the collection stores without decoding it.
 */
export function decodeRecordPayload(payload: Uint8Array): Document {
  const shallow = deserialize(payload, { raw: true });
  if (shallow["op"] !== "put" || !(shallow["doc"] instanceof Uint8Array)) return deserialize(payload);
  return { ...shallow, doc: Buffer.from(shallow["doc"]) };
}
