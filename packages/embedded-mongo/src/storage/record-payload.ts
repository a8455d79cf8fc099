import { deserialize, serialize, type Document } from "bson";
import type { StorageRecord } from "./records.ts";

const EMBEDDED_DOCUMENT = 0x03;
const ARRAY = 0x04;

/** The BSON of `fields` with one more field, `name`, whose value (a document or an array) is already BSON. */
function withEmbedded(fields: Document, type: number, name: string, value: Uint8Array): Uint8Array {
  const head = serialize(fields);
  const label = Buffer.from(`${String.fromCharCode(type)}${name}\x00`, "latin1");
  const size = head.length - 1 + label.length + value.length + 1;
  const payload = Buffer.allocUnsafe(size);
  payload.set(head.subarray(0, head.length - 1), 0);
  payload.set(label, head.length - 1);
  payload.set(value, head.length - 1 + label.length);
  payload[size - 1] = 0;
  payload.writeInt32LE(size, 0);
  return payload;
}

/** The BSON array whose elements are these documents, each already BSON. */
function arrayOf(items: readonly Uint8Array[]): Uint8Array {
  const labels = items.map((_, i) =>
    Buffer.from(`${String.fromCharCode(EMBEDDED_DOCUMENT)}${String(i)}\x00`, "latin1"),
  );
  const size = 4 + items.reduce((sum, item, i) => sum + (labels[i] as Buffer).length + item.length, 0) + 1;
  const array = Buffer.allocUnsafe(size);
  array.writeInt32LE(size, 0);
  let at = 4;
  items.forEach((item, i) => {
    const label = labels[i] as Buffer;
    array.set(label, at);
    at += label.length;
    array.set(item, at);
    at += item.length;
  });
  array[size - 1] = 0;
  return array;
}

/**
 * A record's BSON, as a journal or snapshot frame holds it. A `put` whose document is already BSON (the bytes
 * the collection stores) has them spliced in as the embedded `doc` document, so a write is serialised once; a
 * `transaction` has each of its records spliced in the same way (serialising it whole would turn those bytes
 * into BSON binary values, which recovery could not replay as documents).
 */
export function recordPayload(record: StorageRecord): Uint8Array {
  if (record.op === "transaction") {
    return withEmbedded(
      { op: record.op, db: record.db },
      ARRAY,
      "records",
      arrayOf(record.records.map(recordPayload)),
    );
  }
  if (record.op !== "put" || !(record.doc instanceof Uint8Array)) return serialize(record);
  return withEmbedded(
    { op: record.op, db: record.db, coll: record.coll },
    EMBEDDED_DOCUMENT,
    "doc",
    record.doc,
  );
}

/**
 * Decodes a frame's payload; a `put` record keeps its document as BSON (a copy of its own, so the payload's
 * read buffer can go), which the collection stores without decoding it, and so do the puts of a `transaction`.
 */
export function decodeRecordPayload(payload: Uint8Array): Document {
  const shallow = deserialize(payload, { raw: true });
  if (shallow["op"] === "transaction" && Array.isArray(shallow["records"])) {
    const records = shallow["records"] as unknown[];
    if (records.every((each) => each instanceof Uint8Array)) {
      return { ...shallow, records: records.map((each) => decodeRecordPayload(each as Uint8Array)) };
    }
  }
  if (shallow["op"] !== "put" || !(shallow["doc"] instanceof Uint8Array)) return deserialize(payload);
  return { ...shallow, doc: Buffer.from(shallow["doc"]) };
}
