import type { Document } from "bson";
import { MongoCommandError } from "./errors.ts";

/** Operators an upsert's new document may take a top-level `$`-prefixed field from (it is then an insert). */
const INSERTING_OPERATORS = new Set(["$set", "$setOnInsert"]);

/**
 * Takes the top-level `$`-prefixed fields (`{$set: {$hotel: 320}}`) out of an update's operators. MongoDB 5.0+
 * validates an upsert's new document as an insert, which may hold them, so they are returned for the caller to
 * set; an update of an existing document cannot create or change one: DollarPrefixedFieldName. Nested ones
 * (`address.$street`) are ordinary paths to mingo and stay.
 */
export function takeDollarFields(modifier: Document, inserting: boolean): [string, unknown][] {
  const taken: [string, unknown][] = [];
  for (const [op, fields] of Object.entries(modifier)) {
    for (const path of Object.keys(fields as Document)) {
      if (!path.startsWith("$")) continue;
      if (!inserting || !INSERTING_OPERATORS.has(op) || path.includes(".")) {
        const field = path.split(".")[0] as string;
        throw new MongoCommandError(
          "DollarPrefixedFieldName",
          `The dollar ($) prefixed field '${field}' in '${path}' is not valid for storage.`,
        );
      }
      taken.push([path, (fields as Document)[path]]);
      delete (fields as Document)[path];
    }
  }
  return taken;
}
