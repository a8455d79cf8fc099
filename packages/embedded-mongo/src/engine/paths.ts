import type { Document } from "bson";

function isPlainObject(value: unknown): value is Document {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * The values a dotted path reaches in a document, as MongoDB's indexes see them: arrays met on the way are
 * traversed, and an array at the end contributes each of its elements (an empty one contributes itself).
 * A path that reaches nothing yields no values.
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split("."), 0, out, false);
  return out;
}

function collect(value: unknown, parts: string[], i: number, out: unknown[], inArray: boolean): void {
  if (i === parts.length) {
    if (Array.isArray(value) && !inArray) {
      if (value.length === 0) out.push(value);
      else for (const element of value) out.push(element);
    } else if (value !== undefined) {
      out.push(value);
    }
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[i] as string;
    // A numeric part may address an array element ("a.0.b") as well as fields of the elements.
    if (/^\d+$/.test(part)) collect(value[Number(part)], parts, i + 1, out, false);
    for (const element of value) if (isPlainObject(element)) collect(element, parts, i, out, true);
    return;
  }
  if (isPlainObject(value)) collect(value[parts[i] as string], parts, i + 1, out, false);
}

export { isPlainObject };
