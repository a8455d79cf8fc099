import type { Document } from "bson";
import { clone } from "./clone.ts";
import { isPlainObject } from "./paths.ts";

/**
 * The document an upsert starts from: the filter's equality conditions (`field: value`, `$eq`, and those
 * inside a top-level `$and`), with dotted paths expanded.
 */
export function upsertSeed(filter: Document): Document {
  const seed: Document = {};
  collectEqualities(filter, seed);
  return seed;
}

function collectEqualities(filter: Document, seed: Document): void {
  for (const [path, condition] of Object.entries(filter)) {
    if (path === "$and" && Array.isArray(condition)) {
      for (const clause of condition) if (isPlainObject(clause)) collectEqualities(clause, seed);
      continue;
    }
    if (path.startsWith("$")) continue;
    if (isPlainObject(condition) && Object.keys(condition).some((k) => k.startsWith("$"))) {
      if ("$eq" in condition) setPath(seed, path, clone(condition.$eq));
      continue;
    }
    if (condition instanceof RegExp) continue;
    setPath(seed, path, clone(condition));
  }
}

function setPath(doc: Document, path: string, value: unknown): void {
  const parts = path.split(".");
  let target = doc;
  for (const part of parts.slice(0, -1)) {
    const next = target[part] as unknown;
    if (!isPlainObject(next)) target[part] = {};
    target = target[part] as Document;
  }
  target[parts[parts.length - 1] as string] = value;
}
