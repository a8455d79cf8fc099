import type { Document } from "bson";
import { compareValues } from "./bson-order.ts";
import { valueAt } from "./value-at.ts";

/**
 * `$min` and `$max` decided in BSON order (mingo compares values of one JavaScript type only, so it lets any
 * number replace a Decimal128): a field that wins becomes a `$set`, one that does not is dropped. Paths with
 * positional parts are left to mingo.
 */
export function resolveMinMax(doc: Document, modifier: Document): void {
  for (const op of ["$min", "$max"]) {
    const fields = modifier[op] as Document | undefined;
    if (!fields) continue;
    const kept: Document = {};
    for (const [path, value] of Object.entries(fields)) {
      if (path.includes("$")) {
        kept[path] = value;
        continue;
      }
      const current = valueAt(doc, path);
      const order = current === undefined ? 0 : compareValues(value, current);
      if (current === undefined || (op === "$min" ? order < 0 : order > 0)) {
        modifier.$set = { ...(modifier.$set as Document | undefined), [path]: value };
      }
    }
    if (Object.keys(kept).length > 0) modifier[op] = kept;
    else delete modifier[op];
  }
}
