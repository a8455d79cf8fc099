import { ObjectId, type Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject } from "./paths.ts";
import { withIdFirst } from "./with-id-first.ts";

/** A document's `_id`, generated (an ObjectId) when missing, and checked: arrays and regexes are refused. */
export function ensureId(doc: Document): Document {
  if (!("_id" in doc)) return { _id: new ObjectId(), ...doc };
  const id = doc._id as unknown;
  if (Array.isArray(id)) throw new MongoCommandError("BadValue", "can't use an array for _id");
  if (id instanceof RegExp) throw new MongoCommandError("BadValue", "can't use a regex for _id");
  if (id === undefined) throw new MongoCommandError("BadValue", "can't use undefined for _id");
  const dollar = dollarPrefixedField(id);
  if (dollar !== undefined) {
    throw new MongoCommandError(
      "InvalidIdField",
      `_id fields may not contain '$'-prefixed fields: ${dollar} is not valid for storage.`,
    );
  }
  return withIdFirst(doc);
}

/** The first `$`-prefixed field name inside an `_id` document (at any depth), which MongoDB cannot store. */
function dollarPrefixedField(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const element of value) {
      const found = dollarPrefixedField(element);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (!isPlainObject(value)) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith("$")) return key;
    const found = dollarPrefixedField(inner);
    if (found !== undefined) return found;
  }
  return undefined;
}
