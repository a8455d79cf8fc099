import { Timestamp, type Document } from "bson";
import { MongoCommandError } from "./errors.ts";
import { isPlainObject } from "./paths.ts";

/**
 * The operators this update applies: `$setOnInsert` folded into `$set` when inserting (dropped otherwise) and
 * `$currentDate` turned into `$set` of the server's clock (mingo writes a number for a timestamp). The
 * statement's own objects are copied, not changed.
 */
export function effectiveModifier(update: Document, inserting: boolean): Document {
  const modifier: Document = {};
  for (const [op, fields] of Object.entries(update)) {
    if (op === "$setOnInsert" && !inserting) continue;
    const target = op === "$setOnInsert" || op === "$currentDate" ? "$set" : op;
    const copy = (modifier[target] ??= {}) as Document;
    for (const [path, value] of Object.entries(fields as Document)) {
      copy[path] = op === "$currentDate" ? currentDate(value) : value;
    }
  }
  return modifier;
}

let lastTimestamp = { t: 0, i: 0 };

function currentDate(spec: unknown): Date | Timestamp {
  const type = isPlainObject(spec) ? spec.$type : typeof spec === "boolean" ? "date" : undefined;
  if (type === "date") return new Date();
  if (type !== "timestamp") {
    throw new MongoCommandError(
      "BadValue",
      "The '$type' string field is required to be 'date' or 'timestamp': {$currentDate: {field : {$type: 'date'}}}",
    );
  }
  // Like the oplog clock: seconds, and an increment that orders timestamps within one second.
  const t = Math.floor(Date.now() / 1000);
  lastTimestamp = t === lastTimestamp.t ? { t, i: lastTimestamp.i + 1 } : { t, i: 1 };
  return new Timestamp(lastTimestamp);
}
