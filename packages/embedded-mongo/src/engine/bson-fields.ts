import { deserialize, type Document } from "bson";

/** Fixed value sizes by BSON element type; the others are computed from their bytes. */
const FIXED: Partial<Record<number, number>> = {
  0x01: 8, // double
  0x06: 0, // undefined
  0x07: 12, // ObjectId
  0x08: 1, // boolean
  0x09: 8, // date
  0x0a: 0, // null
  0x10: 4, // int32
  0x11: 8, // timestamp
  0x12: 8, // int64
  0x13: 16, // decimal128
  0xff: 0, // minKey
  0x7f: 0, // maxKey
};

/** Top-level field names to pick out of BSON documents, encoded once. */
export class FieldPicker {
  readonly #names: Buffer[];
  #scratch = Buffer.allocUnsafeSlow(64 * 1024);

  constructor(fields: readonly string[]) {
    this.#names = fields.map((field) => Buffer.from(field, "utf8"));
  }

  /**
   * The document at `offset` in `bson` with only the picked top-level fields (in their stored order), decoded
   * without touching the others: enough to test a filter that reads nothing else.
   */
  pick(bson: Uint8Array, offset: number): Document {
    const end = offset + readInt32(bson, offset) - 1;
    let out = 4;
    let at = offset + 4;
    while (at < end) {
      const start = at;
      const type = bson[at] as number;
      let nameEnd = at + 1;
      while (bson[nameEnd] !== 0) nameEnd++;
      const valueAt = nameEnd + 1;
      at = valueAt + valueSize(bson, type, valueAt);
      if (this.#wanted(bson, start + 1, nameEnd)) {
        const length = at - start;
        if (this.#scratch.length < out + length + 1) this.#grow(out + length + 1);
        this.#scratch.set(bson.subarray(start, at), out);
        out += length;
      }
    }
    this.#scratch[out] = 0;
    out += 1;
    this.#scratch.writeInt32LE(out, 0);
    return deserialize(this.#scratch.subarray(0, out));
  }

  #wanted(bson: Uint8Array, from: number, to: number): boolean {
    const length = to - from;
    outer: for (const name of this.#names) {
      if (name.length !== length) continue;
      for (let i = 0; i < length; i++) if (name[i] !== bson[from + i]) continue outer;
      return true;
    }
    return false;
  }

  #grow(bytes: number): void {
    const grown = Buffer.allocUnsafeSlow(Math.max(bytes, this.#scratch.length * 2));
    this.#scratch.copy(grown);
    this.#scratch = grown;
  }
}

function readInt32(bson: Uint8Array, at: number): number {
  return (
    ((bson[at] as number) | ((bson[at + 1] as number) << 8) | ((bson[at + 2] as number) << 16)) +
    (bson[at + 3] as number) * 2 ** 24
  );
}

/** Bytes of an element's value starting at `at`, by its type. */
function valueSize(bson: Uint8Array, type: number, at: number): number {
  const fixed = FIXED[type];
  if (fixed !== undefined) return fixed;
  switch (type) {
    case 0x02: // string
    case 0x0d: // JavaScript code
    case 0x0e: // symbol
      return 4 + readInt32(bson, at);
    case 0x03: // document
    case 0x04: // array
    case 0x0f: // code with scope
      return readInt32(bson, at);
    case 0x05: // binary
      return 4 + 1 + readInt32(bson, at);
    case 0x0b: {
      // regex: two C strings
      let end = at;
      while (bson[end] !== 0) end++;
      end++;
      while (bson[end] !== 0) end++;
      return end + 1 - at;
    }
    case 0x0c: // DBPointer
      return 4 + readInt32(bson, at) + 12;
    default:
      throw new Error(`invariant: unknown BSON element type ${type} in a stored document`);
  }
}
