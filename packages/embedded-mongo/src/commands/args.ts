import type { Document } from "bson";
import { toNumber } from "../engine/bson-order.ts";
import { MongoCommandError } from "../engine/errors.ts";
import { isPlainObject } from "../engine/paths.ts";

/** The command's collection name (its first field), checked to be a non-empty string. */
export function collectionName(command: Document, name: string): string {
  const value = command[name] as unknown;
  if (typeof value !== "string" || value.length === 0) {
    throw new MongoCommandError("InvalidNamespace", `collection name has invalid type ${typeof value}`);
  }
  return value;
}

/** An optional document-valued field. */
export function optionalDocument(command: Document, field: string): Document | undefined {
  const value = command[field] as unknown;
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) {
    throw new MongoCommandError("TypeMismatch", `BSON field '${field}' is the wrong type, expected object`);
  }
  return value;
}

/** An optional numeric field as a JS number (int32, int64 and double are all accepted, as MongoDB does). */
export function optionalNumber(command: Document, field: string): number | undefined {
  const value = command[field] as unknown;
  if (value === undefined || value === null) return undefined;
  const n = toNumber(value);
  if (Number.isNaN(n)) {
    throw new MongoCommandError("TypeMismatch", `BSON field '${field}' is the wrong type, expected a number`);
  }
  return n;
}

/** An optional boolean field (numbers are accepted as truthiness, as the server does). */
export function optionalBoolean(command: Document, field: string): boolean | undefined {
  const value = command[field] as unknown;
  if (value === undefined || value === null) return undefined;
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  throw new MongoCommandError("TypeMismatch", `BSON field '${field}' is the wrong type, expected a boolean`);
}

/** An optional array of documents (write statements, pipelines, arrayFilters). */
export function optionalDocuments(command: Document, field: string): Document[] | undefined {
  const value = command[field] as unknown;
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every(isPlainObject)) {
    throw new MongoCommandError(
      "TypeMismatch",
      `BSON field '${field}' is the wrong type, expected array of objects`,
    );
  }
  return value;
}
