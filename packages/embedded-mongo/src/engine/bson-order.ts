import { Binary, type Decimal128, type Long, type ObjectId, type Timestamp } from "bson";

/**
 * MongoDB's comparison order of BSON types (MinKey < null < numbers < strings < objects < arrays < binary <
 * ObjectId < booleans < dates < timestamps < regular expressions < MaxKey). mingo compares only values of the
 * same JavaScript type, so sorting and index keys use this module instead.
 */
export const typeOrder = {
  minKey: 0,
  null: 1,
  number: 2,
  string: 3,
  object: 4,
  array: 5,
  binary: 6,
  objectId: 7,
  boolean: 8,
  date: 9,
  timestamp: 10,
  regex: 11,
  maxKey: 12,
} as const;

/** The BSON type class of a value, in the terms of MongoDB's comparison order. */
export type TypeClass = keyof typeof typeOrder;

function bsonTag(value: object): string | undefined {
  const tag = (value as { _bsontype?: unknown })._bsontype;
  return typeof tag === "string" ? tag : undefined;
}

/** Classifies a deserialized BSON value (bson's default promotions apply: int32 and double are numbers). */
export function typeClass(value: unknown): TypeClass {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "number":
    case "bigint":
      return "number";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "object":
      break;
    case "undefined":
      return "null";
    case "function":
    case "symbol":
      return "object";
  }
  if (Array.isArray(value)) return "array";
  if (value instanceof Date) return "date";
  if (value instanceof RegExp) return "regex";
  if (value instanceof Uint8Array) return "binary";
  switch (bsonTag(value)) {
    case "ObjectId":
      return "objectId";
    case "Long":
    case "Decimal128":
    case "Int32":
    case "Double":
      return "number";
    case "Binary":
      return "binary";
    case "Timestamp":
      return "timestamp";
    case "BSONRegExp":
      return "regex";
    case "MinKey":
      return "minKey";
    case "MaxKey":
      return "maxKey";
    case "BSONSymbol":
      return "string";
    case undefined:
    default:
      return "object";
  }
}

/** A number for any BSON numeric value; precision beyond a double is lost only for huge Long/Decimal128. */
export function toNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  const tag = bsonTag(value as object);
  if (tag === "Long") return (value as Long).toNumber();
  if (tag === "Decimal128") return Number((value as Decimal128).toString());
  if (tag === "Int32" || tag === "Double") return (value as { value: number }).value;
  return Number.NaN;
}

function compareNumbers(a: unknown, b: unknown): number {
  const x = toNumber(a);
  const y = toNumber(b);
  // MongoDB orders NaN below every other number.
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : -1;
  if (Number.isNaN(y)) return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0 ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function compareStrings(a: string, b: string): number {
  // MongoDB compares strings by their UTF-8 bytes, which for well-formed strings is code point order.
  if (a === b) return 0;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

function stringValue(value: unknown): string {
  return typeof value === "string" ? value : String((value as { value?: unknown }).value ?? value);
}

/** How two strings compare: binary (MongoDB's simple collation) unless a collation's comparison is given. */
export type StringOrder = (a: string, b: string) => number;

/**
 * Compares two values in MongoDB's order; returns -1, 0 or 1 (any sign under a collation). Arrays compare
 * element by element. `strings` compares string values (inside arrays and documents too; never field names)
 * when a collation applies.
 */
export function compareValues(a: unknown, b: unknown, strings?: StringOrder): number {
  const ta = typeClass(a);
  const tb = typeClass(b);
  if (ta !== tb) return typeOrder[ta] < typeOrder[tb] ? -1 : 1;
  switch (ta) {
    case "null":
    case "minKey":
    case "maxKey":
      return 0;
    case "number":
      return compareNumbers(a, b);
    case "string":
      return (strings ?? compareStrings)(stringValue(a), stringValue(b));
    case "boolean":
      return a === b ? 0 : a === false ? -1 : 1;
    case "date": {
      const d = (a as Date).getTime() - (b as Date).getTime();
      return d < 0 ? -1 : d > 0 ? 1 : 0;
    }
    case "objectId":
      return compareBytes((a as ObjectId).id, (b as ObjectId).id);
    case "binary": {
      const ba = a instanceof Binary ? a : new Binary(a as Uint8Array);
      const bb = b instanceof Binary ? b : new Binary(b as Uint8Array);
      if (ba.position !== bb.position) return ba.position < bb.position ? -1 : 1;
      if (ba.sub_type !== bb.sub_type) return ba.sub_type < bb.sub_type ? -1 : 1;
      return compareBytes(ba.buffer.subarray(0, ba.position), bb.buffer.subarray(0, bb.position));
    }
    case "timestamp": {
      const x = (a as Timestamp).toBigInt();
      const y = (b as Timestamp).toBigInt();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case "regex": {
      const ra = a as RegExp;
      const rb = b as RegExp;
      return compareStrings(ra.source, rb.source) || compareStrings(ra.flags, rb.flags);
    }
    case "array": {
      const xa = a as unknown[];
      const xb = b as unknown[];
      const n = Math.min(xa.length, xb.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(xa[i], xb[i], strings);
        if (c !== 0) return c;
      }
      return xa.length === xb.length ? 0 : xa.length < xb.length ? -1 : 1;
    }
    case "object": {
      // Embedded documents compare field by field: type, then name, then value.
      const ea = Object.entries(a as object);
      const eb = Object.entries(b as object);
      const n = Math.min(ea.length, eb.length);
      for (let i = 0; i < n; i++) {
        const [ka, va] = ea[i] as [string, unknown];
        const [kb, vb] = eb[i] as [string, unknown];
        const t = typeOrder[typeClass(va)] - typeOrder[typeClass(vb)];
        if (t !== 0) return t < 0 ? -1 : 1;
        const k = compareStrings(ka, kb);
        if (k !== 0) return k;
        const v = compareValues(va, vb, strings);
        if (v !== 0) return v;
      }
      return ea.length === eb.length ? 0 : ea.length < eb.length ? -1 : 1;
    }
  }
}

/** True when two values are the same BSON value in the sense of equality matching (1 equals 1.0 and Long(1)). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  return compareValues(a, b) === 0;
}
