import type { Document } from "bson";

/** `_id` first, as MongoDB stores it. */
export function withIdFirst(doc: Document): Document {
  const keys = Object.keys(doc);
  if (keys[0] === "_id" || !("_id" in doc)) return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}
