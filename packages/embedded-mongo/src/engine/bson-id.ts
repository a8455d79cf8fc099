import { deserialize, onDemand } from "bson";

const ID_NAME = [0x5f, 0x69, 0x64]; // "_id"

/**
 * The `_id` of a document given as BSON, decoding that one field only (it is normally the first): replaying a
 * snapshot needs each document's `_id`, not the whole document.
 */
export function bsonId(bson: Uint8Array): unknown {
  for (const [type, nameOffset, nameLength, offset, length] of onDemand.parseToElements(bson)) {
    if (nameLength !== 3 || ID_NAME.some((byte, i) => bson[nameOffset + i] !== byte)) continue;
    const start = nameOffset - 1;
    const end = offset + length;
    const single = new Uint8Array(4 + (end - start) + 1);
    new DataView(single.buffer).setInt32(0, single.length, true);
    single.set(bson.subarray(start, end), 4);
    const decoded = deserialize(single);
    if (type !== bson[start]) throw new Error("invariant: bson element type mismatch");
    return decoded._id as unknown;
  }
  return undefined;
}
