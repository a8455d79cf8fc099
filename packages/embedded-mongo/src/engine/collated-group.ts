import type { Document } from "bson";
import { evalExpr } from "mingo/core";
import { Lazy, type Iterator } from "mingo/lazy";
import { $group } from "mingo/operators/pipeline";
import type { Options } from "mingo/types";
import type { Collation } from "./collation.ts";
import { CollationClasses } from "./collation-classes.ts";
import { indexKey } from "./index-key.ts";

/**
 * `$group` under a collation: group keys equal under the collation form one group, as MongoDB groups them
 * (`"Ancash"` and `"ÁNCASH"` at strength 1 are one region), and the group's `_id` is the key of its first
 * document. Each document's key is made canonical through {@link CollationClasses}; each group's
 * accumulators are then mingo's, run over that group's documents.
 */
export function collatedGroup(
  coll: Iterator,
  spec: Document,
  options: Options,
  collation: Collation,
): Iterator {
  const classes = new CollationClasses(collation);
  const groups = new Map<string, { id: unknown; docs: Document[] }>();
  for (const doc of coll.collect() as Document[]) {
    const id = evalExpr(doc, spec._id, options) as unknown;
    const key = indexKey(classes.canonicalValue(id, true));
    const group = groups.get(key);
    if (group) group.docs.push(doc);
    else groups.set(key, { id, docs: [doc] });
  }
  const accumulators = { ...spec, _id: null };
  const out: Document[] = [];
  for (const { id, docs } of groups.values()) {
    const [row] = $group(Lazy(docs), accumulators, options).collect() as Document[];
    const fields: Document = { ...row };
    delete fields._id;
    out.push({ _id: id === undefined ? null : id, ...fields });
  }
  return Lazy(out);
}
