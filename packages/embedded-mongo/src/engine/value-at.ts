import type { Document } from "bson";
import { isPlainObject } from "./paths.ts";

/**
 * The value at a dotted path through embedded documents and array indexes, or undefined. Unlike
 * `pathValues`, arrays are not traversed: this is the one value an update operator on the path would change.
 */
export function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const part of path.split(".")) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (isPlainObject(value)) value = value[part];
    else return undefined;
  }
  return value;
}
