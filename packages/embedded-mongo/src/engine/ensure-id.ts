import { ObjectId, type Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { withIdFirst } from "./with-id-first.ts";

/** A document's `_id`, generated (an ObjectId) when missing, and checked: arrays and regexes are refused. */
export function ensureId(doc: Document): Document {
  if (!("_id" in doc)) return { _id: new ObjectId(), ...doc };
  const id = doc._id as unknown;
  if (Array.isArray(id)) throw new MongoCommandError("BadValue", "can't use an array for _id");
  if (id instanceof RegExp) throw new MongoCommandError("BadValue", "can't use a regex for _id");
  if (id === undefined) throw new MongoCommandError("BadValue", "can't use undefined for _id");
  return withIdFirst(doc);
}
