import type { Document } from "bson";

/**
 * A deep copy of a deserialized BSON value that keeps BSON types: objects and arrays are copied, Dates and byte
 * buffers duplicated, and bson's value classes (ObjectId, Decimal128, Long, …), which nothing mutates, shared.
 * Stored documents never leave the engine uncopied, so nothing a caller or mingo does can change them.
 */
export function clone<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(clone) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  if (value instanceof Uint8Array) return Buffer.from(value) as T;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Document = {};
  for (const key of Object.keys(value)) out[key] = clone((value as Document)[key]);
  return out as T;
}
