import type { Document } from "bson";
import { compileFilter } from "./mingo.ts";
import type { OperatorContext } from "./operator-context.ts";
import { isPlainObject } from "./paths.ts";

/**
 * The concrete paths (array indexes spelled out) that a path with positional parts updates in `doc`: `$[]`
 * every element, `$[identifier]` the elements its array filter matches, `$` the first element matching the
 * statement's filter on that array. Undefined when the path cannot be resolved (no array where a positional
 * part is, no filter for an identifier, `$` without a match or in an upsert): mingo then applies the path as
 * given and reports MongoDB's error.
 */
export function concretePaths(doc: Document, path: string, context: OperatorContext): string[] | undefined {
  const parts = path.split(".");
  const found: string[] = [];
  const walk = (value: unknown, i: number, prefix: string[]): boolean => {
    const part = parts[i];
    if (part === undefined) {
      found.push(prefix.join("."));
      return true;
    }
    if (!part.startsWith("$")) {
      const child = Array.isArray(value) && /^\d+$/.test(part) ? value[Number(part)] : undefined;
      return walk(isPlainObject(value) ? value[part] : child, i + 1, [...prefix, part]);
    }
    if (!Array.isArray(value)) return false;
    const indexes = positions(value, part, prefix.join("."), context);
    return (
      indexes !== undefined && indexes.every((index) => walk(value[index], i + 1, [...prefix, `${index}`]))
    );
  };
  return walk(doc, 0, []) ? found : undefined;
}

/** The indexes of `array` (at `arrayPath`) that one positional part selects. */
function positions(
  array: unknown[],
  part: string,
  arrayPath: string,
  context: OperatorContext,
): number[] | undefined {
  if (part === "$[]") return array.map((_, index) => index);
  if (part === "$") {
    // As mingo resolves `$`: the one condition of the filter on this array decides which element matched.
    const keys = Object.keys(context.query).filter((k) => k === arrayPath || k.startsWith(arrayPath + "."));
    const key = keys[0];
    if (context.inserting || key === undefined || keys.length > 1) return undefined;
    const matches = compileFilter({ [key]: context.query[key] as unknown }, context.variables);
    const index = array.findIndex((element) => matches(nested(arrayPath, [element])));
    return index < 0 ? undefined : [index];
  }
  const identifier = /^\$\[([a-z]\w*)\]$/.exec(part)?.[1];
  if (identifier === undefined) return undefined;
  const filter: Document = {};
  for (const arrayFilter of context.arrayFilters ?? []) {
    for (const [key, condition] of Object.entries(arrayFilter)) {
      if (key === identifier || key.startsWith(identifier + ".")) filter[key] = condition;
    }
  }
  if (Object.keys(filter).length === 0) return undefined;
  const matches = compileFilter(filter, context.variables);
  return array.flatMap((element, index) => (matches({ [identifier]: element }) ? [index] : []));
}

/** A document holding `value` at a dotted path. */
function nested(path: string, value: unknown): Document {
  return path.split(".").reduceRight<Document>((inner, part) => ({ [part]: inner }), value as Document);
}
