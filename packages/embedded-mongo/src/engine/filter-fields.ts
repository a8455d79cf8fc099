import type { Document } from "bson";
import { isPlainObject } from "./paths.ts";

/** Top-level operators that only combine other filters. */
const COMBINING = new Set(["$and", "$or", "$nor"]);

/**
 * The top-level fields a filter reads (the first segment of each path), so a scan can decode only those to test
 * a document; undefined when the filter may read the whole document (`$expr`, `$where`, `$text`,
 * `$jsonSchema`, anything not understood) or names no field at all.
 */
export function filterFields(filter: Document): string[] | undefined {
  const fields = new Set<string>();
  if (!collect(filter, fields) || fields.size === 0) return undefined;
  return [...fields];
}

function collect(filter: Document, fields: Set<string>): boolean {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === "$comment") continue;
    if (COMBINING.has(key)) {
      if (!Array.isArray(condition)) return false;
      for (const clause of condition) if (!isPlainObject(clause) || !collect(clause, fields)) return false;
      continue;
    }
    if (key.startsWith("$")) return false;
    fields.add(key.split(".")[0] as string);
  }
  return true;
}
